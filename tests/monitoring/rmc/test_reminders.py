import datetime
import smtplib

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from moc_portal.core import outbox
from moc_portal.models import OutgoingMail
from monitoring.services import reminders
from monitoring.tasks import send_deadline_reminders_task
from tests.factories import make_organization, make_period, make_submission

pytestmark = pytest.mark.django_db


def send_deadline_reminders(today):
    """Queue the reminders and deliver the outbox, as the worker does a minute later."""
    queued = reminders.send_deadline_reminders(today=today)
    outbox.deliver_due()
    return queued


# Reminders --------------------------------------------------------------------------------


@pytest.fixture
def due_in_three_days():
    """October 2026 due 5 November; organizations in every state of their report."""
    period = make_period(2026, 10)
    states = {
        "sent": "submitted",
        "accepted": "accepted",
        "draft": "draft",
        "returned": "returned",
    }
    organizations = {}
    for name, status in states.items():
        organizations[name] = make_organization(short_name=name, email=f"{name}@example.ru")
        make_submission(organization=organizations[name], period=period, status=status)
    organizations["silent"] = make_organization(short_name="silent", email="silent@example.ru")
    organizations["no_email"] = make_organization(short_name="no_email", email="")
    organizations["closed_down"] = make_organization(
        short_name="closed_down", email="closed@example.ru", is_active=False
    )
    return period, organizations


def test_reminders_go_to_active_organizations_that_have_not_sent(due_in_three_days, mailoutbox):
    period, _ = due_in_three_days

    sent = send_deadline_reminders(today=datetime.date(2026, 11, 2))

    assert sent == 3
    assert sorted(message.to[0] for message in mailoutbox) == [
        "draft@example.ru",
        "returned@example.ru",
        "silent@example.ru",
    ]
    message = next(m for m in mailoutbox if m.to == ["silent@example.ru"])
    assert message.subject == "Напоминание: мониторинг за октябрь 2026, срок — 5 ноября 2026 г."
    assert "/monitoring/2026-10/" in message.body
    assert "(осталось 3 дня)" in message.body
    assert "http://127.0.0.1:8000/monitoring/2026-10/" in message.body


def test_reminders_are_sent_once_a_day(due_in_three_days, mailoutbox):
    assert send_deadline_reminders(today=datetime.date(2026, 11, 2)) == 3
    assert send_deadline_reminders(today=datetime.date(2026, 11, 2)) == 0
    assert len(mailoutbox) == 3


@pytest.mark.parametrize("today", [datetime.date(2026, 11, 1), datetime.date(2026, 11, 3)])
def test_no_reminders_on_other_days(due_in_three_days, mailoutbox, today):
    assert send_deadline_reminders(today=today) == 0
    assert mailoutbox == []


def test_no_reminders_for_a_closed_period(due_in_three_days, mailoutbox):
    period, _ = due_in_three_days
    period.is_closed = True
    period.save()

    assert send_deadline_reminders(today=datetime.date(2026, 11, 2)) == 0


def test_representatives_get_the_reminder_too(due_in_three_days, mailoutbox):
    _, organizations = due_in_three_days
    user = User.objects.create_user("rep", email="rep@example.ru")
    organizations["no_email"].representatives.add(user)
    organizations["silent"].representatives.add(user)

    send_deadline_reminders(today=datetime.date(2026, 11, 2))

    recipients = sorted(message.to for message in mailoutbox)
    assert ["rep@example.ru"] in recipients
    assert ["silent@example.ru", "rep@example.ru"] in recipients
    assert len(mailoutbox) == 4


class RefusingOneAddressBackend(BaseEmailBackend):
    """Delivers like locmem, except to the address in `refused_address`."""

    refused_address = "draft@example.ru"

    def send_messages(self, messages):
        for message in messages:
            if self.refused_address in message.to:
                raise smtplib.SMTPRecipientsRefused({self.refused_address: (550, b"No mailbox")})
        mail.outbox.extend(messages)
        return len(messages)


def test_a_refused_reminder_does_not_stop_the_others_and_its_retry_sends_only_it(
    due_in_three_days, mailoutbox, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingOneAddressBackend"
    today = datetime.date(2026, 11, 2)

    assert send_deadline_reminders(today=today) == 3
    assert sorted(m.to[0] for m in mailoutbox) == ["returned@example.ru", "silent@example.ru"]
    refused = OutgoingMail.objects.get(status="waiting")
    assert refused.to == ["draft@example.ru"] and "550" in refused.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_deadline_reminders(today=today) == 0  # claimed today: not queued again
    OutgoingMail.objects.filter(pk=refused.pk).update(next_attempt_at=timezone.now())
    outbox.deliver_due()
    assert mailoutbox[-1].to == ["draft@example.ru"]
    assert len(mailoutbox) == 3


def test_reminder_task_counts_days_from_today_with_the_site_setting(
    mailoutbox, monitoring_settings
):
    monitoring_settings.reminder_days_before = 5
    monitoring_settings.save()
    make_period(2026, 10, deadline=timezone.localdate() + datetime.timedelta(days=5))
    make_organization(email="late@example.ru")

    assert send_deadline_reminders_task.apply().get() == 1
    outbox.deliver_due()
    assert mailoutbox[0].to == ["late@example.ru"]

"""Reminding organizations that have not sent their monthly figures before the deadline.

Run once a day (the schedule is in django-celery-beat): for every open period whose deadline
is exactly `SiteSettings.reminder_days_before` days ahead, each active organization that has
not sent its figures (no report, a draft or a returned one) gets one e-mail.

A re-run on the same day (a retry after an SMTP failure, a second beat) must not mail an
organization twice. There is no model to remember the mails in, so the guard is a cache key
claimed with `cache.add` (atomic in Redis, shared by all workers) per period, organization
and day, released again when the mail could not be sent. A lost cache can only cause a
duplicate reminder, never a missed one, which is the right side to err on.
"""

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import dateformat, timezone, translation

from moc_portal.models import SiteSettings
from programs.models import Organization

from ..models import ReportingPeriod, Submission

logger = logging.getLogger(__name__)

GUARD_TIMEOUT = 2 * 24 * 60 * 60


class RemindersNotSent(Exception):
    """Some reminders failed; the ones sent are remembered, so a retry sends only the rest."""


def send_deadline_reminders(today=None):
    """E-mail the organizations that are late for a deadline N days ahead; returns how many."""
    today = today or timezone.localdate()
    site = SiteSettings.load()
    deadline = today + datetime.timedelta(days=site.reminder_days_before)
    periods = ReportingPeriod.objects.filter(is_closed=False, deadline=deadline)
    due = [
        (period, organization, recipients)
        for period in periods
        for organization in organizations_to_remind(period)
        if (recipients := reminder_recipients(organization))
    ]
    if not due:
        return 0
    sent, failures = 0, []
    with get_connection() as connection:  # one SMTP session for all the reminders
        for period, organization, recipients in due:
            key = f"monitoring:reminder:{period.pk}:{organization.pk}:{today.isoformat()}"
            if not cache.add(key, True, GUARD_TIMEOUT):
                continue
            message = reminder_message(period, organization, site, recipients, today)
            message.connection = connection
            try:
                message.send()
            except Exception as error:  # one bad address must not stop the others
                cache.delete(key)
                logger.warning("Reminder to %s not sent: %s", organization, error)
                failures.append(f"{organization}: {error}")
            else:
                sent += 1
    if failures:
        raise RemindersNotSent("; ".join(failures))
    return sent


def organizations_to_remind(period):
    """Active organizations whose figures for `period` were not sent."""
    sent = Submission.objects.filter(period=period, status__in=Submission.SENT_STATUSES)
    return (
        Organization.objects.filter(is_active=True)
        .exclude(pk__in=sent.values("organization_id"))
        .prefetch_related("representatives")
        .order_by("short_name", "id")
    )


def reminder_recipients(organization):
    """The organization's own address and its active representatives' addresses."""
    addresses = [organization.email] + [
        user.email for user in organization.representatives.all() if user.is_active
    ]
    return list(dict.fromkeys(address for address in addresses if address))


def reminder_message(period, organization, site, recipients, today):
    name = period.name
    with translation.override("ru"):
        deadline = dateformat.format(period.deadline, "j E Y")
    days_left = (period.deadline - today).days
    path = reverse(
        "monitoring:submission",
        kwargs={"period": period.code, "organization": organization.slug},
    )
    # SITE_URL (e.g. https://moc.example.ru) makes the link absolute when it is configured.
    link = getattr(settings, "SITE_URL", "").rstrip("/") + path
    lines = [
        "Здравствуйте!",
        "",
        f"Организация «{organization.short_name}» ещё не отправила данные мониторинга "
        f"дополнительного образования за {name}.",
        f"Срок сдачи — {deadline} г. (осталось дней: {days_left}).",
        "",
        f"Заполнить и отправить отчёт: {link}",
        "",
        "Если данные уже отправлены, не обращайте внимания на это письмо.",
        "",
        site.moc_name,
        *[contact for contact in (site.phone, site.email) if contact],
    ]
    return EmailMessage(
        subject=f"Напоминание: мониторинг за {name}, срок — {deadline} г.",
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        reply_to=[site.email] if site.email else None,
    )

"""The outbox: mail is a row first, delivered once, retried with backoff for more than a day."""

import re
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django_celery_beat.models import PeriodicTask

from moc_portal.core import outbox
from moc_portal.core.email import render_email, send_email
from moc_portal.models import OutgoingMail
from moc_portal.roles import METHODISTS, ensure_staff_groups
from tests.pages import message_levels, message_texts

pytestmark = pytest.mark.django_db

START = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def queue_one(number=1, **kwargs):
    message = render_email("emails/question_answer", _answer_context(number), [f"p{number}@ex.ru"])
    return outbox.queue(message, kind="emails/question_answer", **kwargs)


def _answer_context(number):
    question = type("Q", (), {"text": f"Вопрос {number}?", "answer": "Ответ.", "name": "Мария"})
    return {"question": question, "privacy_path": "/privacy/"}


@pytest.fixture
def refusing_backend(monkeypatch):
    """The mail server refuses every connection; `refused` counts the attempts."""
    state = {"refused": 0, "down": True}
    real_send = mail.backends.locmem.EmailBackend.send_messages

    def send_messages(self, messages):
        if state["down"]:
            state["refused"] += 1
            raise ConnectionRefusedError(111, "Connection refused")
        return real_send(self, messages)

    monkeypatch.setattr(mail.backends.locmem.EmailBackend, "send_messages", send_messages)
    return state


def test_send_email_writes_a_row_and_does_not_send():
    row = send_email("emails/question_answer", _answer_context(1), ["maria@example.ru"])
    assert mail.outbox == []
    assert (row.status, row.to, row.attempts) == ("waiting", ["maria@example.ru"], 0)
    assert outbox.unsent_count() == 1


def test_delivery_sends_each_due_row_once_with_its_attachments():
    message = render_email(
        "emails/question_answer",
        _answer_context(1),
        ["rmc@example.ru"],
        attachments=[("moc_2026-10.xlsx", b"PK\x03\x04binary", "application/vnd.ms-excel")],
    )
    row = outbox.queue(message)

    assert outbox.deliver_due() == {"sent": 1, "failed": 0}
    assert outbox.deliver_due() == {"sent": 0, "failed": 0}

    [sent] = mail.outbox
    assert (sent.subject, sent.to) == (message.subject, ["rmc@example.ru"])
    assert sent.attachments[0][:2] == ("moc_2026-10.xlsx", b"PK\x03\x04binary")
    row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at) == ("sent", 1, None)
    assert row.sent_at is not None
    assert outbox.unsent_count() == 0


def test_the_same_dedupe_key_gives_one_row():
    first = queue_one(dedupe_key="question-answer:7")
    second = queue_one(2, dedupe_key="question-answer:7")
    assert first.pk == second.pk
    assert OutgoingMail.objects.count() == 1


def test_retries_back_off_from_a_minute_to_six_hours_and_last_more_than_a_day(
    settings, refusing_backend
):
    with time_machine.travel(START, tick=False) as clock:
        row = queue_one()
        attempts = []
        while True:
            outbox.deliver_due()
            row.refresh_from_db()
            attempts.append(row.last_attempt_at)
            if row.status != OutgoingMail.Status.WAITING:
                break
            # Nothing goes out before the next attempt is due, …
            clock.move_to(row.next_attempt_at - timedelta(seconds=1))
            assert outbox.deliver_due() == {"sent": 0, "failed": 0}
            clock.move_to(row.next_attempt_at)  # … and at that moment it is tried again.

    gaps = [later - earlier for earlier, later in zip(attempts, attempts[1:], strict=False)]
    assert gaps[:4] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert max(gaps) == timedelta(hours=6)
    assert attempts[-1] - attempts[0] >= timedelta(days=1)
    assert len(attempts) == settings.MAIL_MAX_ATTEMPTS == refusing_backend["refused"]
    assert row.status == OutgoingMail.Status.FAILED
    assert "Connection refused" in row.last_error
    assert row.next_attempt_at is None and mail.outbox == []


def test_an_outage_of_minutes_delays_the_mail_and_it_goes_out_once(refusing_backend):
    with time_machine.travel(START, tick=False) as clock:
        row = queue_one()
        for _ in range(4):  # refused at 0, 1, 3 and 7 minutes
            outbox.deliver_due()
            row.refresh_from_db()
            clock.move_to(row.next_attempt_at)
        refusing_backend["down"] = False  # back after 15 minutes
        assert outbox.deliver_due() == {"sent": 1, "failed": 0}
        clock.shift(timedelta(hours=2))
        assert outbox.deliver_due() == {"sent": 0, "failed": 0}
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 5)


def test_a_server_refusing_connections_ends_the_run_without_trying_every_row(refusing_backend):
    for number in range(5):
        queue_one(number)
    assert outbox.deliver_due() == {"sent": 0, "failed": 1}
    assert refusing_backend["refused"] == 1


def test_a_claimed_row_is_not_claimed_again_until_its_lease_ends():
    with time_machine.travel(START, tick=False) as clock:
        row = queue_one()
        claimed = outbox._claim()
        assert claimed.pk == row.pk
        assert outbox._claim() is None  # a second deliverer finds nothing to send
        clock.shift(outbox.LEASE)  # the first one died mid-send: the row is due again
        assert outbox._claim().pk == row.pk


def test_resend_puts_sent_and_failed_mail_back_in_the_queue(refusing_backend):
    sent, failed = queue_one(1), queue_one(2)
    OutgoingMail.objects.filter(pk=sent.pk).update(status="sent", attempts=1)
    OutgoingMail.objects.filter(pk=failed.pk).update(status="failed", attempts=15)
    refusing_backend["down"] = False

    assert outbox.resend(OutgoingMail.objects.all()) == 2
    assert outbox.deliver_due() == {"sent": 2, "failed": 0}
    assert sorted(m.to[0] for m in mail.outbox) == ["p1@ex.ru", "p2@ex.ru"]


def test_the_beat_delivers_every_minute():
    task = PeriodicTask.objects.get(task="moc_portal.tasks.deliver_mail")
    assert (task.interval.every, task.interval.period, task.enabled) == (1, "minutes", True)
    assert task.expire_seconds < 60


def test_the_command_delivers_and_reports_in_russian(capsys):
    queue_one()
    call_command("deliver_mail")
    assert "Отправлено: 1, не удалось: 0, ещё не отправлено: 0." in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_methodists_see_the_outbox_in_russian_and_send_again(client, django_user_model):
    ensure_staff_groups()
    methodist = django_user_model.objects.create_user("m", password="x", is_staff=True)
    methodist.groups.add(Group.objects.get(name=METHODISTS))
    client.force_login(methodist)
    row = queue_one()
    OutgoingMail.objects.filter(pk=row.pk).update(
        status="failed", attempts=15, last_error="SMTPDataError: (554, b'Refused')"
    )

    changelist = client.get("/admin/moc_portal/outgoingmail/")
    page = changelist.content.decode()
    for text in ("Исходящие письма", "не отправлено", "SMTPDataError", "p1@ex.ru"):
        assert text in page
    offered = [name for name, _ in changelist.context["action_form"].fields["action"].choices]
    assert "send_again" in offered
    assert client.get(f"/admin/moc_portal/outgoingmail/{row.pk}/change/").status_code == 200

    response = client.post(
        "/admin/moc_portal/outgoingmail/",
        {"action": "send_again", "_selected_action": [row.pk]},
        follow=True,
    )
    assert message_levels(response) == ["success"]
    [message] = message_texts(response)
    assert re.findall(r"\d+", message)[:1] == ["1"]  # the number of mails queued again
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("waiting", 0)
    outbox.deliver_due()
    assert len(mail.outbox) == 1


def test_the_outbox_list_makes_a_fixed_number_of_queries(admin_client, django_assert_num_queries):
    for number in range(3):
        queue_one(number)
    admin_client.get("/admin/moc_portal/outgoingmail/")  # sessions, caches
    with_three = _queries(admin_client)
    for number in range(3, 13):
        queue_one(number)
    with django_assert_num_queries(with_three):
        admin_client.get("/admin/moc_portal/outgoingmail/")


def _queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get("/admin/moc_portal/outgoingmail/")
    return len(captured)


@pytest.mark.django_db(transaction=True)
def test_the_embedded_deliverer_sends_after_the_commit_without_the_request_waiting(settings):
    settings.MAIL_DELIVERY = "thread"
    with transaction.atomic():
        row = queue_one()
        assert mail.outbox == []  # nothing before the commit
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        row.refresh_from_db()
        if row.status == OutgoingMail.Status.SENT:
            break
        threading.Event().wait(0.05)
    assert row.status == OutgoingMail.Status.SENT
    assert len(mail.outbox) == 1

    # Back to "manual": the thread ends at its next wake and sends nothing more.
    settings.MAIL_DELIVERY = "manual"
    thread = outbox._deliverer.thread
    outbox._deliverer.wake_up.set()
    thread.join(timeout=10)
    assert not thread.is_alive()


# --- Retention: sent mail (recipients and text) is not kept for ever ---


def sent_mail(number=1):
    row = queue_one(number)
    outbox.deliver_due()
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT
    return row


def failed_mail(number, refusing_backend, settings):
    settings.MAIL_MAX_ATTEMPTS = 1
    row = queue_one(number)
    outbox.deliver_due()
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.FAILED
    return row


def test_mail_sent_longer_ago_than_the_keep_days_is_deleted_by_the_daily_erasure(
    time_machine, settings
):
    from moc_portal.tasks import erase_expired_personal_data

    settings.OUTBOX_KEEP_DAYS = 90
    old = sent_mail(1)
    time_machine.shift(timedelta(days=91))
    assert erase_expired_personal_data.apply().get() == 1
    assert not OutgoingMail.objects.filter(pk=old.pk).exists()


def test_mail_given_up_longer_ago_than_the_keep_days_is_deleted(
    time_machine, settings, refusing_backend
):
    settings.OUTBOX_KEEP_DAYS = 90
    old = failed_mail(1, refusing_backend, settings)
    time_machine.shift(timedelta(days=91))
    assert outbox.delete_old_mail() == 1
    assert not OutgoingMail.objects.filter(pk=old.pk).exists()


def test_mail_not_sent_yet_is_kept_however_old(time_machine, settings, refusing_backend):
    settings.OUTBOX_KEEP_DAYS = 90
    retrying = queue_one(1)
    never_tried = queue_one(2)
    outbox.deliver_due()  # the server is down: the first row waits for a retry, the second
    time_machine.shift(timedelta(days=400))  # for its first attempt
    assert outbox.delete_old_mail() == 0
    assert set(OutgoingMail.objects.values_list("pk", "status", "attempts")) == {
        (retrying.pk, "waiting", 1),
        (never_tried.pk, "waiting", 0),
    }


def test_mail_sent_or_given_up_recently_is_kept(time_machine, settings, refusing_backend):
    settings.OUTBOX_KEEP_DAYS = 90
    refusing_backend["down"] = False
    sent = sent_mail(1)
    refusing_backend["down"] = True
    given_up = failed_mail(2, refusing_backend, settings)
    time_machine.shift(timedelta(days=89))
    assert outbox.delete_old_mail() == 0
    assert set(OutgoingMail.objects.values_list("pk", flat=True)) == {sent.pk, given_up.pk}
    time_machine.shift(timedelta(days=2))
    assert outbox.delete_old_mail() == 2

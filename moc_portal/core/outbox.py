"""The outbox: every e-mail the portal sends is a row (`OutgoingMail`) before it is a message.

`queue()` writes the row in the caller's transaction, so a mail exists exactly when what caused
it was saved; no request talks to the mail server or to the broker. `deliver_due()` sends the
rows that are due, one claim at a time, and is run by:

- the worker: the beat's task «Отправка исходящих писем» every minute (MAIL_DELIVERY="worker",
  the default with REDIS_URL);
- a thread of the web process, woken after each commit that queued mail and every minute
  after that (MAIL_DELIVERY="thread", the embedded default without Redis): the request does
  not wait for it, and what a restart interrupted goes with the next mail or
  `manage.py deliver_mail`;
- `manage.py deliver_mail` (cron, or by hand; MAIL_DELIVERY="manual" leaves it to that).

A claim moves the row's next attempt a lease ahead under `select_for_update(skip_locked=True)`
and a compare-and-set on `attempts`, so two deliverers never send one row; the send happens
outside any transaction. A failure is retried after 1, 2, 4 … minutes (at most 6 hours apart);
after MAIL_MAX_ATTEMPTS the row is «не отправлено» and waits for «Отправить снова».

A row holds the recipients' addresses and the text: `delete_old_mail()` (the daily erasure of
personal data) deletes the rows sent, or given up, more than OUTBOX_KEEP_DAYS ago. A row still
waiting to be sent is never deleted.
"""

import base64
import contextlib
import logging
import smtplib
import threading
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from moc_portal.models import OutgoingMail

logger = logging.getLogger(__name__)

FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
# A claimed row is not due again for this long: longer than any send (EMAIL_TIMEOUT per step).
LEASE = timedelta(minutes=10)
THREAD_INTERVAL_SECONDS = 60
# The server refused this message (its recipients, sender or content): the next one may go.
MESSAGE_ERRORS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
)


def queue(message, *, kind="", dedupe_key=None):
    """Write `message` (an EmailMessage) to the outbox; returns the row.

    With a `dedupe_key`, a second call with the same key returns the first row (a resent form,
    a redelivered task): one cause, one mail.
    """
    fields = {
        "kind": kind[:200],
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email or settings.DEFAULT_FROM_EMAIL,
        "to": list(message.to),
        "reply_to": list(message.reply_to),
        "attachments": [_stored_attachment(item) for item in message.attachments],
        "next_attempt_at": timezone.now(),
    }
    if dedupe_key:
        with transaction.atomic():
            mail, _ = OutgoingMail.objects.get_or_create(dedupe_key=dedupe_key, defaults=fields)
    else:
        mail = OutgoingMail.objects.create(**fields)
    _deliver_after_commit()
    return mail


def delete_old_mail(now=None):
    """Delete the mail sent, or finally not sent, more than OUTBOX_KEEP_DAYS ago; the count.
    Mail waiting for its (next) attempt stays, however old."""
    before = (now or timezone.now()) - timedelta(days=settings.OUTBOX_KEEP_DAYS)
    old = OutgoingMail.objects.filter(
        Q(status=OutgoingMail.Status.SENT, sent_at__lte=before)
        | Q(status=OutgoingMail.Status.FAILED, last_attempt_at__lte=before)
    )
    deleted, _ = old.delete()
    return deleted


def retry_delay(attempts):
    """How long after failed attempt number `attempts` (1, 2, …) the next one is made."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def unsent_count():
    """Mail not sent yet: waiting (perhaps after failures) or given up."""
    return OutgoingMail.objects.exclude(status=OutgoingMail.Status.SENT).count()


def describe(mail):
    """«отправлено 03.12.2026 14:05», «ждёт отправки (попыток: 2; ошибка: …)» — for staff."""
    if mail.status == OutgoingMail.Status.SENT and mail.sent_at:
        return f"отправлено {timezone.localtime(mail.sent_at):%d.%m.%Y %H:%M}"
    state = mail.get_status_display()
    if mail.attempts and mail.last_error:
        state += f" (попыток: {mail.attempts}; ошибка: {mail.last_error})"
    return state


def mail_for(dedupe_key):
    return OutgoingMail.objects.filter(dedupe_key=dedupe_key).first()


def resend(queryset):
    """«Отправить снова»: the rows are due now with a fresh series of attempts; their number."""
    count = queryset.update(
        status=OutgoingMail.Status.WAITING, attempts=0, next_attempt_at=timezone.now()
    )
    if count:
        _deliver_after_commit()
    return count


def deliver_due(*, limit=100):
    """Send what is due; returns {"sent": n, "failed": n}. A connection failure ends the run
    (the server is down: the rest waits for the next run, not for a timeout each)."""
    result = {"sent": 0, "failed": 0}
    connection = get_connection()
    try:
        for _ in range(limit):
            mail = _claim()
            if mail is None:
                break
            try:
                connection.send_messages([as_message(mail)])
            except Exception as error:  # any failure is kept for the retry
                _record_failure(mail, error)
                result["failed"] += 1
                _close_quietly(connection)
                if not isinstance(error, MESSAGE_ERRORS):
                    break
            else:
                _record_success(mail)
                result["sent"] += 1
    finally:
        _close_quietly(connection)
    return result


def as_message(mail):
    message = EmailMessage(
        subject=mail.subject,
        body=mail.body,
        from_email=mail.from_email,
        to=mail.to,
        reply_to=mail.reply_to or None,
    )
    for filename, content, mimetype in mail.attachments:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


def _stored_attachment(item):
    filename, content, mimetype = item
    if isinstance(content, str):
        content = content.encode()
    return [filename, base64.b64encode(content).decode("ascii"), mimetype]


def _claim():
    """The next due row, claimed for this deliverer (its next attempt a lease ahead), or None."""
    now = timezone.now()
    with transaction.atomic():
        mail = (
            OutgoingMail.objects.select_for_update(skip_locked=True)
            .filter(status=OutgoingMail.Status.WAITING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "id")
            .first()
        )
        if mail is None:
            return None
        # Compare-and-set: on SQLite (no row locks) only one of two deliverers wins.
        claimed = OutgoingMail.objects.filter(
            pk=mail.pk, attempts=mail.attempts, status=OutgoingMail.Status.WAITING
        ).update(attempts=F("attempts") + 1, last_attempt_at=now, next_attempt_at=now + LEASE)
    if not claimed:
        return _claim()
    mail.refresh_from_db()
    return mail


def _record_success(mail):
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=OutgoingMail.Status.SENT, sent_at=timezone.now(), next_attempt_at=None
    )


def _record_failure(mail, error):
    now = timezone.now()
    text = f"{type(error).__name__}: {error}"[:2000]
    if mail.attempts >= settings.MAIL_MAX_ATTEMPTS:
        changes = {"status": OutgoingMail.Status.FAILED, "next_attempt_at": None}
    else:
        changes = {"next_attempt_at": now + retry_delay(mail.attempts)}
    OutgoingMail.objects.filter(pk=mail.pk).update(last_error=text, **changes)
    logger.warning("Mail %s (attempt %s) not sent: %s", mail.pk, mail.attempts, text)


def _close_quietly(connection):
    with contextlib.suppress(Exception):  # a dead server cannot be told goodbye
        connection.close()


# --- The embedded deliverer (MAIL_DELIVERY="thread") ---


class _Deliverer:
    """One daemon thread per process: delivers when woken and every minute while it lives."""

    def __init__(self):
        self.wake_up = threading.Event()
        self.lock = threading.Lock()
        self.thread = None

    def wake(self):
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="mail-outbox", daemon=True)
                self.thread.start()
        self.wake_up.set()

    def _run(self):
        while True:
            self.wake_up.wait(THREAD_INTERVAL_SECONDS)
            self.wake_up.clear()
            if settings.MAIL_DELIVERY != "thread":
                return  # the setting changed (a test): a later wake starts a new thread
            try:
                deliver_due()
            except Exception:  # the thread must outlive a failed run
                logger.exception("The mail outbox run failed")
            finally:
                connections.close_all()


_deliverer = _Deliverer()


def _deliver_after_commit():
    if settings.MAIL_DELIVERY == "thread":
        transaction.on_commit(_deliverer.wake, robust=True)

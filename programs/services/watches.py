"""«Сообщить, когда откроется запись»: subscribing, the double opt-in, the one message when the
enrolment opens, unsubscribing and erasing the addresses. No account, no GET writes: the
links in the mails lead to pages with a button.

Every mail goes through the outbox in the transaction that causes it, with a dedupe key: one
cause, one mail, however often a form is resent or a task redelivered.
"""

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from moc_portal.core.consent import record_consent
from moc_portal.core.email import send_email
from moc_portal.models import ConsentRecord, SiteSettings

from ..enrolment import open_condition, state_of
from ..models import EnrolmentWatch, Program

CONSENT_PURPOSE = "Сообщить об открытии записи"
CONFIRM_SALT = "programs.watch.confirm"
STOP_SALT = "programs.watch.stop"
# A subscription not confirmed within this time is forgotten (address erased).
CONFIRM_WITHIN = timedelta(days=7)


def confirm_token(watch):
    return signing.dumps(watch.pk, salt=CONFIRM_SALT, compress=True)


def stop_token(watch):
    return signing.dumps(watch.pk, salt=STOP_SALT, compress=True)


def watch_for_token(token, *, salt):
    """The watch a link names (with its address not erased), or None for a bad or old link."""
    max_age = CONFIRM_WITHIN if salt == CONFIRM_SALT else None
    try:
        pk = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return (
        EnrolmentWatch.objects.select_related("program")
        .filter(pk=pk, erased_at__isnull=True)
        .first()
    )


@transaction.atomic
def subscribe(request, program, email):
    """Keep the address with the consent and queue the confirmation mail; returns the watch.

    The same address for the same program again reuses the first subscription (a confirmed one
    gets no new mail; an unconfirmed one, its one confirmation mail)."""
    email = email.strip().lower()
    existing = (
        EnrolmentWatch.objects.select_for_update()
        .filter(program=program, email=email, erased_at__isnull=True, notified_at__isnull=True)
        .first()
    )
    if existing is not None:
        return existing
    watch = EnrolmentWatch.objects.create(
        program=program, email=email, consent=record_consent(request, CONSENT_PURPOSE)
    )
    send_email(
        "emails/enrolment_watch_confirm",
        {
            "program": program,
            "confirm_path": reverse("programs:watch_confirm", args=[confirm_token(watch)]),
            "days": CONFIRM_WITHIN.days,
        },
        to=[email],
        dedupe_key=f"enrolment-watch-confirm:{watch.pk}",
    )
    return watch


def confirm(watch):
    """The double opt-in's second step (idempotent)."""
    if watch.confirmed_at is None:
        EnrolmentWatch.objects.filter(pk=watch.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
        watch.refresh_from_db()
    return watch


def unsubscribe(watch):
    """The address is erased at once; the row stays, anonymous."""
    _erase(EnrolmentWatch.objects.filter(pk=watch.pk), timezone.now())


def notify_opened(on=None):
    """One mail to every confirmed watch whose program is open for enrolment now; the count.

    The row is marked in the transaction that queues its mail (a dedupe key besides), so a run
    repeated or overlapping sends each message once."""
    now = timezone.now()
    due = EnrolmentWatch.objects.waiting().filter(
        Q(program__in=Program.objects.public()) & open_condition(on, prefix="program__")
    )
    sent = 0
    for pk in due.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            watch = (
                EnrolmentWatch.objects.select_for_update()
                .select_related("program")
                .filter(pk=pk, notified_at__isnull=True, erased_at__isnull=True)
                .first()
            )
            if watch is None:
                continue
            send_email(
                "emails/enrolment_opened",
                {
                    "program": watch.program,
                    "enrolment": state_of(watch.program, on),
                    "program_path": watch.program.get_absolute_url(),
                    "stop_path": reverse("programs:watch_stop", args=[stop_token(watch)]),
                },
                to=[watch.email],
                dedupe_key=f"enrolment-opened:{watch.pk}",
            )
            watch.notified_at = now
            watch.save(update_fields=["notified_at"])
            sent += 1
    return sent


def erase_expired(now=None):
    """Erase the addresses no longer needed; the count. Gone: when the program's window closed
    (its last day passed or the organization closed the enrolment after the parent was told),
    unconfirmed after CONFIRM_WITHIN, any after the site's retention period."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    days = SiteSettings.load().personal_data_retention_days
    expired = EnrolmentWatch.objects.filter(erased_at__isnull=True).filter(
        Q(program__enrollment_to__lt=today)
        | Q(notified_at__isnull=False, program__enrollment_open=False)
        | Q(confirmed_at__isnull=True, created_at__lte=now - CONFIRM_WITHIN)
        | Q(created_at__lte=now - timedelta(days=days))
    )
    return _erase(expired, now)


def _erase(queryset, now):
    with transaction.atomic():
        rows = list(queryset.select_for_update().values_list("pk", "consent_id"))
        ids = [pk for pk, _ in rows]
        ConsentRecord.objects.filter(pk__in=[c for _, c in rows if c]).update(ip_address=None)
        EnrolmentWatch.objects.filter(pk__in=ids).update(email="", erased_at=now)
    return len(ids)


def run_schedule():
    """The hourly task: tell who waited, then forget what is no longer needed."""
    return {"notified": notify_opened(), "erased": erase_expired()}


def waiting_by_direction():
    """[(direction name, number of parents waiting)] for the admin, one query."""
    rows = (
        EnrolmentWatch.objects.waiting()
        .order_by()
        .values("program__direction__name")
        .annotate(count=Count("id"))
        .order_by("-count", "program__direction__name")
    )
    return [(row["program__direction__name"], row["count"]) for row in rows]

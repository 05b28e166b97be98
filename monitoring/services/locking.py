"""Writes of locked months: exceptions granted and the daily lock and clean-up."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import EntryException, MonitoringSettings, ReportingPeriod
from ..selectors.timeliness import due_date
from .submissions.figures import SubmissionError


@transaction.atomic
def grant_exception(organization, period, reason, until, user, today=None):
    """Reopen entry for one organization and one month until `until` (inclusive).

    A second grant for the same month replaces the first (its history keeps both)."""
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    if not reason:
        raise SubmissionError("Укажите причину: без неё ввод после срока не открыть.")
    if until is None or until < today:
        raise SubmissionError("Укажите дату, до которой открыт ввод: сегодня или позже.")
    period = ReportingPeriod.objects.get(pk=period.pk)  # closed since the page was read?
    if period.is_closed:
        raise SubmissionError(
            f"Период «{period}» закрыт окончательно: исключение не действует. "
            "Сначала откройте период."
        )
    exception, _ = EntryException.objects.update_or_create(
        organization=organization,
        period=period,
        defaults={"reason": reason, "until": until, "granted_by": user},
    )
    return exception


@transaction.atomic
def lock_due_months(today=None):
    """The daily task: mark the months whose deadline and grace have passed as locked and
    remove the exceptions that expired. Safe to run any number of times a day.

    Returns (months marked now, exceptions removed now)."""
    today = today or timezone.localdate()
    if not settings.MONITORING_ENTRY_LOCK:
        return 0, 0
    grace = datetime.timedelta(days=MonitoringSettings.load().grace_days)
    now = timezone.now()
    locked = [
        period.pk
        for period in ReportingPeriod.objects.filter(entry_locked_at__isnull=True).only(
            "pk", "deadline"
        )
        if due_date(period.deadline, grace.days) < today
    ]
    marked = ReportingPeriod.objects.filter(pk__in=locked, entry_locked_at__isnull=True).update(
        entry_locked_at=now
    )
    # One by one, so the history records each removal.
    expired = list(EntryException.objects.filter(until__lt=today))
    for exception in expired:
        exception.delete()
    return marked, len(expired)

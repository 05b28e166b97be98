"""Is a month open for entry? The one answer the form, the upload, the admin and the pages use.

A month locks for entry the day after its deadline plus the grace days (so it is read from
the calendar on every write, whether or not the daily task has marked it yet). An exception
for the organization and the month reopens it until its date; a closed period (the final
freeze, catalogue snapshot included) overrides every exception.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from moc_portal.core.text import date_ru

from ..models import EntryException, MonitoringSettings
from .timeliness import due_date


def entry_due_date(period, grace_days=None):
    """The last day figures of the period may be entered without an exception."""
    if grace_days is None:
        grace_days = MonitoringSettings.load().grace_days
    return due_date(period.deadline, grace_days)


def is_past_entry(period, today=None):
    if not settings.MONITORING_ENTRY_LOCK:
        return False
    return (today or timezone.localdate()) > entry_due_date(period)


def active_exception(organization_id, period, today=None):
    if period.pk is None:
        return None
    today = today or timezone.localdate()
    return EntryException.objects.filter(
        organization_id=organization_id, period_id=period.pk, until__gte=today
    ).first()


def entry_lock(organization_id, period, today=None):
    """None when the organization may change the month's figures, else why not (Russian)."""
    if period.is_closed:
        return f"Период «{period}» закрыт: данные изменить нельзя."
    today = today or timezone.localdate()
    if not is_past_entry(period, today) or active_exception(organization_id, period, today):
        return None
    due = entry_due_date(period)
    return (
        f"Ввод данных за {period.name} закрыт с {date_ru(due + datetime.timedelta(days=1))}: "
        f"срок сдачи ({date_ru(period.deadline)}) и льготные дни прошли. Чтобы внести "
        "или исправить данные, попросите методиста МОЦ открыть ввод для вашей организации "
        "или вернуть отчёт на доработку."
    )

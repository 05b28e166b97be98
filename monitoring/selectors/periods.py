"""Finding reporting periods: the one lookup of a period by its code ("2026-10")."""

from django.utils import timezone

from ..models import ReportingPeriod


class PeriodNotFound(Exception):
    """The code is malformed or names no period; the message is Russian, for people."""


def period_by_code(code):
    """The existing period for '2026-10'; PeriodNotFound (with a Russian reason) otherwise."""
    try:
        year, month = ReportingPeriod.parse_code(code)
    except (TypeError, ValueError):
        raise PeriodNotFound(f"Период «{code}» не понят: укажите его как 2026-10.") from None
    period = ReportingPeriod.objects.filter(year=year, month=month).first()
    if period is None:
        raise PeriodNotFound(f"Отчётного периода {code} нет.")
    return period


def previous_month(today=None):
    """(year, month) of the month before `today`'s."""
    today = today or timezone.localdate()
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)

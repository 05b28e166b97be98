"""Finding reporting periods by month, without writing: a GET request never creates one.
A period that is not there is None, as everywhere in the selectors; the caller says so.

The month just ended can always be reported on: until something is saved for it, its period
is an unsaved ReportingPeriod with the usual deadline, and the first save creates the row
(services.periods.period_for); so does the monthly schedule that exports it to the РМЦ.
"""

from django.utils import timezone

from moc_portal.core.months import Month

from ..models import ReportingPeriod

# How many months the dashboard's period list goes back.
LISTED_MONTHS = 24


def _stored(month):
    return ReportingPeriod.objects.filter(year=month.year, month=month.number).first()


def period_by_code(code):
    """The existing period for '2026-10', or None; ValueError (in Russian) for a code that is
    no month."""
    return _stored(Month.parse(code))


def period_of(month, today=None):
    """The month's period for a page: its row, or for the month just ended an unsaved one;
    None for any other month."""
    period = _stored(month)
    if period is None and month == Month.last_ended(today):
        return ReportingPeriod.for_month(month)
    return period


def no_period_message(code):
    return f"Отчётного периода {code} нет."


def _with_month_just_ended(periods, today=None):
    """The periods (newest first) with the month just ended in its place when it has no row."""
    month = Month.last_ended(today)
    if any(period.calendar_month == month for period in periods) or _stored(month):
        return periods
    return sorted(
        [*periods, ReportingPeriod.for_month(month)],
        key=lambda period: period.calendar_month,
        reverse=True,
    )


def open_periods(today=None):
    """The periods organizations may still report on, newest first."""
    stored = ReportingPeriod.objects.filter(is_closed=False).order_by("-year", "-month")
    return _with_month_just_ended(list(stored), today)


def listed_periods(today=None):
    """The periods the dashboard offers, newest first."""
    stored = ReportingPeriod.objects.order_by("-year", "-month")[:LISTED_MONTHS]
    return _with_month_just_ended(list(stored), today)[:LISTED_MONTHS]


def default_month(today=None):
    """The month a page shows when none is named: the one just ended."""
    return Month.last_ended(today or timezone.localdate())

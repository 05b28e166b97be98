"""Expected ranges from an organization's own history (DHIS2's min–max, made robust).

For every entered indicator's total, the range is the median of the organization's previous
12 sent months ± k·MAD (median absolute deviation: one bad month moves it little), at least
±`min_percent` % of the median, and ±1 for counts, so a flat history does not flag every
change. A seasonal indicator (a flag on the indicator) is compared with the same month of
earlier years instead. With fewer than 3 months of history the single rule of old applies:
a change of more than the configured share against last month (checks.big_changes).

A value outside its range is marked and asks once for an explanation; it never blocks.
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from statistics import median

from ...models import MonitoringSettings, Submission, Value
from .figures import Key, format_number

HISTORY_MONTHS = 12
SEASONAL_YEARS = 3
MINIMUM_HISTORY = 3


@dataclass(frozen=True)
class ExpectedRange:
    low: Decimal
    high: Decimal
    middle: Decimal  # the median of the history
    points: int

    def contains(self, value):
        return self.low <= value <= self.high

    @property
    def text(self):
        """«обычно 120–140»."""
        return f"обычно {format_number(self.low)}–{format_number(self.high)}"


@dataclass(frozen=True)
class OutOfRange:
    """A figure outside its expected range: asks for an explanation, never blocks."""

    key: Key
    range: ExpectedRange
    current: Decimal

    @property
    def short(self):
        return f"{self.range.text}"

    @property
    def message(self):
        return (
            f"значение {format_number(self.current)} вне обычного диапазона "
            f"({self.range.text}): поясните коротко, почему — пояснение увидит проверяющий"
        )


def expected_range(history, *, k, min_percent, whole):
    """The range of a list of past values, or None when there are fewer than 3."""
    if len(history) < MINIMUM_HISTORY:
        return None
    values = [Decimal(value) for value in history]
    middle = Decimal(median(values))
    mad = Decimal(median(abs(value - middle) for value in values))
    half = max(Decimal(k) * mad, abs(middle) * Decimal(min_percent) / 100)
    low, high = max(Decimal(0), middle - half), middle + half
    if whole:  # counts: at least ±1, and whole bounds, widened outwards
        low = min(low, max(Decimal(0), middle - 1)).to_integral_value(ROUND_FLOOR)
        high = max(high, middle + 1).to_integral_value(ROUND_CEILING)
    return ExpectedRange(low, high, middle, len(values))


def history_window(month, indicator):
    """The months whose values make the indicator's range for `month`."""
    if indicator.is_seasonal:
        return [month.plus(-12 * years) for years in range(1, SEASONAL_YEARS + 1)]
    return [month.plus(-back) for back in range(1, HISTORY_MONTHS + 1)]


def history_ranges(organization, period, indicators):
    """{(code, None): ExpectedRange} of the entered indicators with enough history, read in
    one query from the organization's sent reports of earlier months."""
    month = period.calendar_month
    settings = MonitoringSettings.load()
    windows = {indicator.id: set(history_window(month, indicator)) for indicator in indicators}
    earliest = month.plus(-12 * SEASONAL_YEARS)
    rows = Value.objects.filter(
        submission__organization=organization,
        submission__status__in=Submission.SENT_STATUSES,
        submission__period__year__gte=earliest.year,
        direction__isnull=True,
        indicator_id__in=list(windows),
    ).values_list("indicator_id", "submission__period__year", "submission__period__month", "value")
    history = {}
    for indicator_id, year, number, value in rows:
        if any(m.year == year and m.number == number for m in windows[indicator_id]):
            history.setdefault(indicator_id, []).append(value)
    ranges = {}
    for indicator in indicators:
        found = expected_range(
            history.get(indicator.id, []),
            k=settings.range_k,
            min_percent=settings.range_min_percent,
            whole=indicator.is_whole,
        )
        if found is not None:
            ranges[(indicator.code, None)] = found
    return ranges


def outside(figures, ranges):
    """{key: OutOfRange} for the figures outside their ranges."""
    return {
        key: OutOfRange(key, ranges[key], value)
        for key, value in figures.items()
        if value is not None and key in ranges and not ranges[key].contains(value)
    }

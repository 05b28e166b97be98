"""Timeliness and completeness: who sent each month's report, and whether in time.

A month is due on its period's deadline plus the grace days of «Настройки мониторинга».
A report is «в срок» when it was *first* sent on or before that day (a report returned and
sent again keeps its first sending), «с опозданием» when first sent later, «не сдан» when
never sent once the day has passed, «возвращён» while it waits for the organization after
a return, and «ожидается» while the day has not come yet.

Rates follow DHIS2: the reporting rate is the reports received (sent or accepted) over the
reports expected (one per active organization per month that has ended); the on-time rate
is the reports received on time over the same expected count. A returned report is in
neither until it is sent again.

The whole year's grid is read in a constant number of queries, whatever the number of
organizations: organizations, periods, submissions, required indicators, filled values,
the settings and the settlements of the filter.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from moc_portal.core.months import Month
from moc_portal.core.text import MONTHS_SHORT
from programs.models import Organization

from ..models import Indicator, MonitoringSettings, ReportingPeriod, Submission, Value


class State:
    ON_TIME = "on_time"
    LATE = "late"
    NOT_SENT = "not_sent"
    RETURNED = "returned"
    PENDING = "pending"


@dataclass(frozen=True)
class StateLook:
    code: str
    label: str
    letter: str  # read without colour: in the grid, the print and the XLSX
    css: str


LOOKS = {
    State.ON_TIME: StateLook(State.ON_TIME, "в срок", "✓", "tl-on-time"),
    State.LATE: StateLook(State.LATE, "с опозданием", "О", "tl-late"),
    State.NOT_SENT: StateLook(State.NOT_SENT, "не сдан", "✗", "tl-not-sent"),
    State.RETURNED: StateLook(State.RETURNED, "возвращён", "В", "tl-returned"),
    State.PENDING: StateLook(State.PENDING, "срок не наступил", "…", "tl-pending"),
}
RECEIVED = (State.ON_TIME, State.LATE)
PERCENT_PLACE = Decimal("0.1")


def due_date(deadline, grace_days):
    """The last day a report counts as sent in time (and, later, the day entry locks)."""
    return deadline + datetime.timedelta(days=grace_days)


def timeliness_state(status, first_submitted_at, due, today):
    """The state of one organization's report for one month (`status` None: no report)."""
    if status == Submission.Status.RETURNED:
        return State.RETURNED
    if status in Submission.SENT_STATUSES and first_submitted_at is not None:
        sent_on = timezone.localdate(first_submitted_at)
        return State.ON_TIME if sent_on <= due else State.LATE
    return State.PENDING if today <= due else State.NOT_SENT


@dataclass
class Rate:
    """Reports received and received on time over reports expected."""

    received: int = 0
    on_time: int = 0
    expected: int = 0

    def add(self, state):
        self.expected += 1
        self.received += state in RECEIVED
        self.on_time += state == State.ON_TIME

    @staticmethod
    def _percent(part, whole):
        if not whole:
            return None
        return (Decimal(part) * 100 / whole).quantize(PERCENT_PLACE, ROUND_HALF_UP)

    @property
    def reporting(self):
        return self._percent(self.received, self.expected)

    @property
    def timely(self):
        return self._percent(self.on_time, self.expected)


@dataclass
class Cell:
    month: Month
    state: str | None  # None: the month has not ended, nothing is expected yet
    completeness: int | None = None  # % of required indicators filled, for a draft
    has_report: bool = False

    @property
    def look(self):
        return LOOKS.get(self.state)


@dataclass
class GridRow:
    organization: Organization
    cells: list
    rate: Rate = field(default_factory=Rate)


@dataclass
class Grid:
    year: int
    months: list
    rows: list
    month_rates: list  # a Rate per month, over the rows shown
    year_rate: Rate
    due_dates: list
    counts: Counter

    @property
    def month_labels(self):
        return [MONTHS_SHORT[month.number] for month in self.months]

    def rate_of(self, month):
        return self.month_rates[self.months.index(month)]


def settlements():
    """The settlements of active organizations, for the filter."""
    return list(
        Organization.objects.filter(is_active=True)
        .exclude(settlement=None)
        .order_by("settlement__name")
        .values_list("settlement__name", flat=True)
        .distinct()
    )


def timeliness_grid(year, *, kind="", settlement="", today=None, only=None, organizations=None):
    """The grid of active organizations × the months of `year`, with their rates.

    `only` (a ReportingPeriod, saved or not) keeps its month alone, and `organizations` (a
    list) saves reading them again: the dashboard asks for one month's rates of the
    organizations it already has.
    """
    today = today or timezone.localdate()
    last_ended = Month.last_ended(today)
    months = [Month(year, number) for number in range(1, 13)]
    if only is not None:
        months = [only.calendar_month]
    if organizations is None:
        organizations = list(_organizations(kind, settlement))
    grace = MonitoringSettings.load().grace_days
    if only is not None:
        deadlines = {only.month: only.deadline}
    else:
        deadlines = dict(ReportingPeriod.objects.filter(year=year).values_list("month", "deadline"))
    due_dates = [
        due_date(deadlines.get(m.number) or ReportingPeriod.for_month(m).deadline, grace)
        for m in months
    ]
    submissions = {
        (organization_id, month): (submission_id, status, first)
        for submission_id, organization_id, month, status, first in Submission.objects.filter(
            period__year=year,
            period__month__in=[m.number for m in months],
            organization_id__in=[o.id for o in organizations],
        ).values_list("id", "organization_id", "period__month", "status", "first_submitted_at")
    }
    completeness = _draft_completeness(year, months, submissions)
    rows, month_rates, year_rate, counts = [], [Rate() for _ in months], Rate(), Counter()
    for organization in organizations:
        row = GridRow(organization, [])
        for index, (month, due) in enumerate(zip(months, due_dates, strict=True)):
            if month > last_ended:
                row.cells.append(Cell(month, None))
                continue
            submission_id, status, first = submissions.get(
                (organization.id, month.number), (None, None, None)
            )
            state = timeliness_state(status, first, due, today)
            row.cells.append(
                Cell(month, state, completeness.get(submission_id), submission_id is not None)
            )
            row.rate.add(state)
            month_rates[index].add(state)
            year_rate.add(state)
            counts[state] += 1
        rows.append(row)
    return Grid(year, months, rows, month_rates, year_rate, due_dates, counts)


def _organizations(kind, settlement):
    organizations = Organization.objects.filter(is_active=True).order_by("short_name", "id")
    if kind:
        organizations = organizations.filter(kind=kind)
    if settlement:
        organizations = organizations.filter(settlement__name=settlement)
    return organizations.only("id", "slug", "short_name", "kind", "settlement_id")


def _draft_completeness(year, months, submissions):
    """{submission id: % of the month's required entered indicators filled}, for the reports
    still with their organization (drafts and returned ones)."""
    editable = {
        submission_id: month
        for (_, month), (submission_id, status, _) in submissions.items()
        if status in Submission.EDITABLE_STATUSES
    }
    if not editable:
        return {}
    required = list(
        Indicator.objects.entered().filter(is_required=True).only("id", "active_from", "active_to")
    )
    by_month = {
        month.number: {
            indicator.id
            for indicator in required
            if (indicator.active_from is None or indicator.active_from <= month.last_day)
            and (indicator.active_to is None or indicator.active_to >= month.first_day)
        }
        for month in months
    }
    filled = defaultdict(set)
    for submission_id, indicator_id in Value.objects.filter(
        submission__period__year=year,
        submission__period__month__in=[m.number for m in months],
        submission__status__in=Submission.EDITABLE_STATUSES,
        direction__isnull=True,
        indicator_id__in=[indicator.id for indicator in required],
    ).values_list("submission_id", "indicator_id"):
        filled[submission_id].add(indicator_id)
    shares = {}
    for submission_id, month in editable.items():
        wanted = by_month.get(month, set())
        if wanted:
            shares[submission_id] = round(len(filled[submission_id] & wanted) * 100 / len(wanted))
    return shares

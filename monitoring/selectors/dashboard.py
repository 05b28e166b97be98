"""What the coordinators' dashboard shows for a period, gathered in a bounded number of queries."""

from dataclasses import dataclass
from decimal import Decimal

from moc_portal.core.months import Month
from moc_portal.core.text import MONTHS_SHORT

from ..models import Indicator, Submission
from ..statuses import status_label
from .aggregation import Coverage, collect_period, month_coverages, yearly_trend
from .follow_up import open_follow_up_count
from .timeliness import timeliness_grid

TREND_INDICATOR = "children_total"


@dataclass
class Bar:
    label: str
    value: Decimal | None
    percent: float  # of the largest bar, for drawing
    coverage: "Coverage | None" = None  # for a month: how many organizations it holds
    index: int = 0

    @property
    def partial(self):
        return self.coverage is not None and self.coverage.partial

    @property
    def position(self):
        """The bar's left edge in the chart's SVG coordinates (100 units per bar)."""
        return self.index * 100

    @property
    def top(self):
        """The bar's top edge in the SVG (y grows downwards; the chart is 100 units tall)."""
        return 100.0 - self.percent


@dataclass
class KeyFigure:
    indicator: Indicator
    value: Decimal | None
    target: Decimal | None

    @property
    def gap(self):
        if self.value is None or self.target is None:
            return None
        return self.value - self.target

    @property
    def progress(self):
        """Share of the target reached, 0–100, for the progress bar."""
        if self.value is None or not self.target:
            return None
        return min(100.0, float(self.value / self.target * 100))


def bars(pairs, coverages=None):
    pairs = list(pairs)
    coverages = coverages or [None] * len(pairs)
    largest = max((value for _, value in pairs if value), default=0)
    return [
        Bar(
            label,
            value,
            float(value / largest * 100) if value and largest else 0.0,
            coverage,
            index,
        )
        for index, ((label, value), coverage) in enumerate(zip(pairs, coverages, strict=True))
    ]


def dashboard_data(period):
    figures = collect_period(period)
    indicators = figures.indicators
    statuses = figures.statuses
    rows = [
        {
            "organization": organization,
            "status": statuses.get(organization.id),
            "status_label": status_label(statuses.get(organization.id)),
        }
        for organization in figures.organizations
    ]
    counts = dict.fromkeys([*Submission.Status.values, None], 0)
    for row in rows:
        counts[row["status"]] += 1
    key_indicators = [i for i in indicators if i.is_key]
    # Ratios and yearly municipal figures have no value per organization.
    per_organization = [
        i
        for i in key_indicators
        if i.source
        in (Indicator.Source.ENTERED, Indicator.Source.CATALOGUE, Indicator.Source.SURVEY)
    ]
    trend = yearly_trend(period.year, indicators, period.month)
    coverages = month_coverages(period.year, period.month, len(rows))
    by_direction_indicator = next(
        (i for i in indicators if i.by_direction and i.code == TREND_INDICATOR), None
    )
    trend_bars = bars(
        (
            (MONTHS_SHORT[month], trend.get(Month(period.year, month), {}).get(TREND_INDICATOR))
            for month in range(1, period.month + 1)
        ),
        coverages,
    )
    month = period.calendar_month
    timeliness = timeliness_grid(
        period.year, only=period, organizations=figures.organizations
    ).rate_of(month)
    return {
        "period": period,
        "timeliness": timeliness,
        "follow_up_count": open_follow_up_count(),
        "figures": figures,
        "organization_rows": rows,
        "status_counts": {
            "sent": counts[Submission.Status.SUBMITTED] + counts[Submission.Status.ACCEPTED],
            "accepted": counts[Submission.Status.ACCEPTED],
            "submitted": counts[Submission.Status.SUBMITTED],
            "draft": counts[Submission.Status.DRAFT],
            "returned": counts[Submission.Status.RETURNED],
            "not_started": counts[None],
            "total": len(rows),
        },
        "key_figures": [
            KeyFigure(i, figures.total(i.code), figures.targets.get(i.code)) for i in key_indicators
        ],
        "key_columns": per_organization,
        "organization_values": [
            (
                row,
                [  # (indicator, value): a phone shows each value as a card's labelled line
                    (i, figures.by_organization.get(row["organization"].id, {}).get((i.code, None)))
                    for i in per_organization
                ],
            )
            for row in rows
        ],
        "trend_title": next((i.name for i in indicators if i.code == TREND_INDICATOR), ""),
        "coverage": Coverage(
            counts[Submission.Status.SUBMITTED] + counts[Submission.Status.ACCEPTED], len(rows)
        ),
        "trend": trend_bars,
        "trend_partial_months": [bar for bar in trend_bars if bar.partial],
        "trend_unit": next((i.unit for i in indicators if i.code == TREND_INDICATOR), ""),
        "direction_title": by_direction_indicator.name if by_direction_indicator else "",
        "by_direction": bars(
            (direction.name, figures.total(TREND_INDICATOR, direction.code))
            for direction in figures.directions
        )
        if by_direction_indicator
        else [],
    }

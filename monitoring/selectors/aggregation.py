"""Turning organizations' figures into municipal totals.

A figure is keyed by (indicator code, direction code or None). Entered indicators come
from the submissions that were sent (submitted or accepted); catalogue indicators are
counted from the published catalogue while a period is open and read from the snapshot
taken when it closed; survey indicators are counted from the quality survey's answers;
municipal indicators come from the yearly figures; computed ones (ratios) are worked out
from the totals of the others.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Sum

import consultations.selectors as consultations
import programs.selectors as catalogue
import quality.selectors as quality_survey
from moc_portal.core.months import Month
from moc_portal.core.text import plural
from programs.models import Direction, Organization

from ..models import (
    CatalogueSnapshot,
    Indicator,
    MunicipalFigure,
    ReportingPeriod,
    Submission,
    Target,
)
from ..models import Value as StoredValue

Key = tuple[str, str | None]
TWO_PLACES = Decimal("0.01")

Metric = Indicator.CatalogueMetric
CATALOGUE_FEATURES = {
    Metric.PROGRAMS: catalogue.Feature.ALL,
    Metric.NETWORK: catalogue.Feature.NETWORK,
    Metric.DISTANCE: catalogue.Feature.DISTANCE,
    Metric.OVZ: catalogue.Feature.OVZ,
    Metric.WAITING: catalogue.Feature.WAITING,
}
CATALOGUE_LEVELS = {
    Metric.LEVEL_START: catalogue.LevelCode.START,
    Metric.LEVEL_BASE: catalogue.LevelCode.BASE,
    Metric.LEVEL_ADVANCED: catalogue.LevelCode.ADVANCED,
}


@dataclass
class PeriodFigures:
    """Everything a report or an export needs about one period, gathered in a few queries."""

    period: ReportingPeriod
    indicators: list
    directions: list
    organizations: list
    by_organization: dict = field(default_factory=dict)  # org id -> {Key: Decimal}
    totals: dict = field(default_factory=dict)  # Key -> Decimal | None
    targets: dict = field(default_factory=dict)  # indicator code -> Decimal
    statuses: dict = field(default_factory=dict)  # org id -> Submission.Status

    def total(self, code, direction=None):
        return self.totals.get((code, direction))

    @property
    def missing_organizations(self):
        """Organizations whose figures were not sent (none, draft or returned)."""
        return [
            org
            for org in self.organizations
            if self.statuses.get(org.id) not in Submission.SENT_STATUSES
        ]


def active_indicators(period):
    return list(
        Indicator.objects.active_in(period.calendar_month).select_related(
            "numerator", "denominator", "part_of"
        )
    )


def reporting_organizations():
    return list(Organization.objects.filter(is_active=True).order_by("short_name", "id"))


def collect_period(period, indicators=None, organizations=None):
    """Everything about one period. An unsaved period (the month just ended, before anything
    was saved for it) has no reports: its filters by `period_id=None` match nothing."""
    indicators = indicators if indicators is not None else active_indicators(period)
    organizations = organizations if organizations is not None else reporting_organizations()
    directions = list(Direction.objects.order_by("order", "id"))
    figures = PeriodFigures(
        period=period, indicators=indicators, directions=directions, organizations=organizations
    )
    figures.statuses = dict(
        Submission.objects.filter(period_id=period.pk).values_list("organization_id", "status")
    )
    figures.by_organization = organization_figures(period, indicators)
    figures.totals = municipal_totals(period, indicators, figures.by_organization)
    figures.targets = dict(
        Target.objects.filter(year=period.year).values_list("indicator__code", "value")
    )
    return figures


def organization_figures(period, indicators):
    """{org id: {(code, direction): value}} for entered and catalogue indicators."""
    by_organization = defaultdict(dict)
    codes = {indicator.id: indicator.code for indicator in indicators}
    direction_codes = dict(Direction.objects.values_list("id", "code"))
    entered = StoredValue.objects.filter(
        submission__period_id=period.pk,
        submission__status__in=Submission.SENT_STATUSES,
        indicator_id__in=[i.id for i in indicators if i.source == Indicator.Source.ENTERED],
    ).values_list("submission__organization_id", "indicator_id", "direction_id", "value")
    for organization_id, indicator_id, direction_id, value in entered:
        key = (codes[indicator_id], direction_codes.get(direction_id))
        by_organization[organization_id][key] = value
    catalogue = [i for i in indicators if i.source == Indicator.Source.CATALOGUE]
    if catalogue:
        counted = (
            snapshot_figures(period, catalogue)
            if period.is_closed
            else catalogue_figures(catalogue, period)
        )
        for organization_id, figures in counted.items():
            by_organization[organization_id].update(figures)
    surveyed = [i for i in indicators if i.source == Indicator.Source.SURVEY]
    if surveyed:
        for organization_id, figures in survey_figures(period, surveyed).items():
            by_organization[organization_id].update(figures)
    return dict(by_organization)


def survey_figures(period, indicators):
    """The quality survey's figures for the month: {org id: {(code, None): value}} — the
    number of respondents, and the criterion scores of the campaign running that month."""
    month = period.calendar_month
    measured = quality_survey.monthly_figures(month.first_day, month.last_day)
    result = defaultdict(dict)
    for organization_id, metrics in measured.items():
        for indicator in indicators:
            if indicator.survey_metric in metrics:
                result[organization_id][(indicator.code, None)] = metrics[indicator.survey_metric]
    return dict(result)


def catalogue_figures(indicators, period=None):
    """Live counts from the published catalogue: {org id: {(code, direction): count}}; with
    the period, also the month's counts of the portal's records (consultations answered)."""
    result = defaultdict(dict)
    monthly = [i for i in indicators if i.catalogue_metric == Metric.CONSULTATIONS]
    if monthly and period is not None:
        answered = consultations.answered_by_month(period.calendar_month)
        for organization_id, count in answered.items():
            for indicator in monthly:
                result[organization_id][(indicator.code, None)] = Decimal(count)
    plain = [i for i in indicators if i.catalogue_metric in CATALOGUE_FEATURES]
    if plain:
        features = {CATALOGUE_FEATURES[i.catalogue_metric] for i in plain}
        for organization_id, by_direction in catalogue.counts_by_direction(features).items():
            figures = result[organization_id]
            for direction_code, counts in by_direction.items():
                for indicator in plain:
                    count = Decimal(counts[CATALOGUE_FEATURES[indicator.catalogue_metric]])
                    total_key = (indicator.code, None)
                    figures[total_key] = figures.get(total_key, Decimal(0)) + count
                    if indicator.by_direction:
                        figures[(indicator.code, direction_code)] = count
    by_level = [i for i in indicators if i.catalogue_metric in CATALOGUE_LEVELS]
    if by_level:
        for organization_id, counts in catalogue.counts_by_level().items():
            for indicator in by_level:
                level_code = CATALOGUE_LEVELS[indicator.catalogue_metric]
                result[organization_id][(indicator.code, None)] = Decimal(counts.get(level_code, 0))
    return dict(result)


def snapshot_figures(period, indicators):
    result = defaultdict(dict)
    rows = CatalogueSnapshot.objects.filter(period=period, indicator__in=indicators).values_list(
        "organization_id", "indicator__code", "direction__code", "value"
    )
    for organization_id, code, direction_code, value in rows:
        result[organization_id][(code, direction_code)] = value
    return dict(result)


def municipal_totals(period, indicators, by_organization):
    """{(code, direction): value} for the whole municipality."""
    values_by_key = defaultdict(list)
    for figures in by_organization.values():
        for key, value in figures.items():
            values_by_key[key].append(value)
    municipal = dict(
        MunicipalFigure.objects.filter(year=period.year).values_list("indicator_id", "value")
    )
    totals = {}
    for indicator in indicators:
        if indicator.source == Indicator.Source.MUNICIPAL:
            totals[(indicator.code, None)] = municipal.get(indicator.id)
            continue
        for key, values in values_by_key.items():
            if key[0] != indicator.code:
                continue
            if indicator.aggregation == Indicator.Aggregation.AVERAGE:
                totals[key] = (sum(values) / len(values)).quantize(TWO_PLACES, ROUND_HALF_UP)
            else:
                totals[key] = sum(values)
    for indicator in indicators:
        if indicator.aggregation == Indicator.Aggregation.RATIO:
            totals[(indicator.code, None)] = ratio(
                totals.get((indicator.numerator.code, None)) if indicator.numerator else None,
                totals.get((indicator.denominator.code, None)) if indicator.denominator else None,
                indicator.ratio_scale,
            )
    return totals


def ratio(numerator, denominator, scale):
    if numerator is None or not denominator:
        return None
    return (Decimal(numerator) * scale / Decimal(denominator)).quantize(TWO_PLACES, ROUND_HALF_UP)


def yearly_trend(year, indicators, up_to_month=12):
    """{Month: {code: total}} of sum/average entered indicators, January to up_to_month.

    One grouped query for those months, however many organizations report.
    """
    entered = {i.id: i for i in indicators if i.source == Indicator.Source.ENTERED}
    rows = (
        StoredValue.objects.filter(
            submission__period__year=year,
            submission__period__month__lte=up_to_month,
            submission__status__in=Submission.SENT_STATUSES,
            indicator_id__in=list(entered),
            direction__isnull=True,
        )
        .order_by()
        .values("submission__period__month", "indicator_id")
        .annotate(total=Sum("value"), average=Avg("value"))
    )
    trend = defaultdict(dict)
    for row in rows:
        indicator = entered[row["indicator_id"]]
        value = (
            Decimal(row["average"]).quantize(TWO_PLACES, ROUND_HALF_UP)
            if indicator.aggregation == Indicator.Aggregation.AVERAGE
            else row["total"]
        )
        trend[Month(year, row["submission__period__month"])][indicator.code] = value
    return dict(trend)


@dataclass(frozen=True)
class Coverage:
    """How many of the organizations a month's figures come from."""

    sent: int
    total: int

    @property
    def partial(self):
        return self.sent < self.total

    @property
    def text(self):
        """«по 8 из 10 организаций»."""
        return (
            f"по {self.sent} из {plural(self.total, 'организации', 'организаций', 'организаций')}"
        )


def month_coverages(year, up_to_month, total):
    """[Coverage for January … up_to_month]: sent reports against the active organizations."""
    sent = dict(
        Submission.objects.filter(
            period__year=year,
            period__month__lte=up_to_month,
            status__in=Submission.SENT_STATUSES,
            organization__is_active=True,
        )
        .order_by()
        .values_list("period__month")
        .annotate(count=Count("id"))
    )
    return [Coverage(sent.get(month, 0), total) for month in range(1, up_to_month + 1)]

"""Demo monitoring data: a year of reporting periods with submissions in every status."""

import random
from decimal import Decimal

from django.utils import timezone

from programs.models import Direction, Organization

from .models import (
    CatalogueSnapshot,
    Indicator,
    MunicipalFigure,
    ReportingPeriod,
    Submission,
    Target,
    Value,
)
from .services.periods import close_period, period_for

MONTHS = 12
BATCH_SIZE = 2000
TARGETS = {"coverage_total": Decimal(80), "children_tech_science": Decimal(900)}


DEMO_ORDER = 30


def build_demo(*, seed, **options):
    seed_monitoring(seed)


def delete_demo():
    delete_monitoring()


def delete_monitoring():
    Value.objects.all().delete()
    Submission.objects.all().delete()
    CatalogueSnapshot.objects.all().delete()
    ReportingPeriod.objects.all().delete()


def seed_monitoring(seed, today=None):
    """Twelve months up to the last one: older months closed and accepted, the last ones
    with every status (accepted, sent, returned, draft, not started)."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    organizations = list(Organization.objects.filter(is_active=True).order_by("pk"))
    indicators = list(Indicator.objects.entered().order_by("order"))
    directions = list(Direction.objects.order_by("order"))
    sizes = {org.id: rng.randint(40, 400) for org in organizations}
    periods = _periods(today)
    _yearly_figures(periods, sizes)
    now = timezone.now()
    planned = []
    for age, period in enumerate(reversed(periods)):  # age 0 = the last month
        for organization in organizations:
            status = _status(rng, age)
            if status is not None:
                planned.append((age, _submission(organization, period, status, now)))
    Submission.objects.bulk_create([submission for _, submission in planned])
    values = []
    for age, submission in planned:
        size = sizes[submission.organization_id]
        values.extend(_values(rng, submission, indicators, directions, size, age))
    Value.objects.bulk_create(values, batch_size=BATCH_SIZE)
    for period in periods[:-2]:
        close_period(period)
    return periods


def _submission(organization, period, status, now):
    sent = status != Submission.Status.DRAFT
    return Submission(
        organization=organization,
        period=period,
        status=status,
        version=1,
        saved_at=now,
        submitted_at=now if sent else None,
        return_comment="Проверьте число детей с ОВЗ: больше, чем в прошлом месяце."
        if status == Submission.Status.RETURNED
        else "",
    )


def _periods(today):
    periods = []
    year, month = today.year, today.month
    for _ in range(MONTHS):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        periods.append(period_for(year, month))
    return sorted(periods, key=lambda p: (p.year, p.month))


def _yearly_figures(periods, sizes):
    population = Indicator.objects.filter(code="children_population").first()
    for year in {period.year for period in periods}:
        if population:
            MunicipalFigure.objects.update_or_create(
                indicator=population,
                year=year,
                defaults={"value": Decimal(sum(sizes.values()) * 13 // 10)},
            )
        for code, value in TARGETS.items():
            indicator = Indicator.objects.filter(code=code).first()
            if indicator:
                Target.objects.update_or_create(
                    indicator=indicator, year=year, defaults={"value": value}
                )


def _status(rng, age):
    if age >= 2:
        return Submission.Status.ACCEPTED
    return rng.choices(
        [
            Submission.Status.ACCEPTED,
            Submission.Status.SUBMITTED,
            Submission.Status.RETURNED,
            Submission.Status.DRAFT,
            None,
        ],
        weights=[4, 3, 1, 1, 1] if age == 1 else [2, 3, 1, 2, 2],
    )[0]


def _values(rng, submission, indicators, directions, size, age):
    children = max(10, size + rng.randint(-15, 15) - age * 3)
    wholes = {"children_total": children, "teachers_total": max(2, children // 15)}
    rows = []
    for indicator in indicators:
        whole = wholes.get(indicator.part_of.code) if indicator.part_of_id else None
        value = _plausible(rng, indicator.code, children, whole)
        if value is None:
            continue
        wholes.setdefault(indicator.code, value)
        rows.append(Value(submission=submission, indicator=indicator, value=Decimal(value)))
        if indicator.by_direction:
            remaining = value
            for direction in directions:
                part = rng.randint(0, remaining // 2) if remaining else 0
                remaining -= part
                rows.append(
                    Value(
                        submission=submission,
                        indicator=indicator,
                        direction=direction,
                        value=Decimal(part),
                    )
                )
    return rows


def _plausible(rng, code, children, whole):
    if code == "children_total":
        return children
    if code == "teachers_total":
        return max(2, children // 15)
    if code == "group_size_average":
        return rng.randint(8, 15)
    if code == "certificates_issued":
        return rng.randint(children // 3, children // 2)
    if whole is not None:
        return rng.randint(0, max(0, whole // 3))
    return rng.randint(0, max(1, children // 10))

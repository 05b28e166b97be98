"""Demo monitoring data: a year of reporting periods with submissions in every status."""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from moc_portal.core.months import Month
from programs.models import Direction, Organization

from .models import (
    CatalogueSnapshot,
    Indicator,
    MunicipalFigure,
    ReportingPeriod,
    Submission,
    SubmissionEvent,
    Target,
    Value,
)
from .services.periods import close_period, period_for

MONTHS = 12
BATCH_SIZE = 2000
TARGETS = {"coverage_total": Decimal(80), "children_tech_science": Decimal(900)}


DEMO_ORDER = 30
# A late report in the demo comes this many days after its deadline (past any usual grace).
LATE_DAYS = 8


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
    with every status (accepted, sent, returned, draft, not started).

    The figures obey the consistency rules (whole numbers, breakdowns that add up, winners
    within participants) and move little from month to month; a returned report's comment
    says what really changed in it.
    """
    rng = random.Random(seed)
    today = today or timezone.localdate()
    organizations = list(Organization.objects.filter(is_active=True).order_by("pk"))
    indicators = {i.code: i for i in Indicator.objects.entered()}
    directions = list(Direction.objects.order_by("order"))
    profiles = {org.id: OrganizationProfile.random(rng, directions) for org in organizations}
    periods = _periods(today)
    _yearly_figures(periods, {org_id: p.size for org_id, p in profiles.items()})
    now = timezone.now()
    planned = []  # (submission, figures), oldest month first
    last = {}  # organization id -> the figures of its latest report so far
    for age, period in reversed(list(enumerate(reversed(periods)))):  # age 0 = the last month
        for organization in organizations:
            status = _status(rng, age)
            if status is None:
                continue
            figures = demo_figures(rng, profiles[organization.id], age, set(indicators))
            submission = _submission(organization, period, status, _sent_at(rng, period, now))
            if status == Submission.Status.RETURNED:
                submission.return_comment = _make_doubtful(figures, last.get(organization.id))
            last[organization.id] = figures
            planned.append((submission, figures))
    Submission.objects.bulk_create([submission for submission, _ in planned])
    direction_by_code = by_code(directions)
    Value.objects.bulk_create(
        (
            Value(
                submission=submission,
                indicator=indicators[code],
                direction=direction_by_code.get(direction),
                value=value,
            )
            for submission, figures in planned
            for (code, direction), value in figures.items()
        ),
        batch_size=BATCH_SIZE,
    )
    SubmissionEvent.objects.bulk_create(
        (event for submission, _ in planned for event in _events(submission)),
        batch_size=BATCH_SIZE,
    )
    for period in periods[:-2]:
        close_period(period)
    return periods


def by_code(directions):
    return {direction.code: direction for direction in directions}


def _sent_at(rng, period, now):
    """When the report was first sent: mostly a few days before its deadline, one in six
    well after it (so the timeliness grid shows late reports too), never in the future."""
    late = rng.random() < 1 / 6
    days = rng.randint(LATE_DAYS, LATE_DAYS + 12) if late else -rng.randint(0, 6)
    day = period.deadline + datetime.timedelta(days=days)
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(rng.randint(9, 17))))
    return min(moment, now)


def _submission(organization, period, status, sent_at):
    sent = status != Submission.Status.DRAFT
    reviewed = status in (Submission.Status.ACCEPTED, Submission.Status.RETURNED)
    return Submission(
        organization=organization,
        period=period,
        status=status,
        version=1,
        saved_at=sent_at,
        submitted_at=sent_at if sent else None,
        first_submitted_at=sent_at if sent else None,
        reviewed_at=sent_at + datetime.timedelta(hours=1) if reviewed else None,
    )


def _events(submission):
    """The trail the status implies: sent, then accepted or returned with its comment."""
    if submission.submitted_at is None:
        return []
    events = [
        SubmissionEvent(
            submission=submission, kind=SubmissionEvent.Kind.SUBMITTED, at=submission.submitted_at
        )
    ]
    if submission.status in (Submission.Status.ACCEPTED, Submission.Status.RETURNED):
        events.append(
            SubmissionEvent(
                submission=submission,
                kind=submission.status,
                at=submission.reviewed_at,
                comment=submission.return_comment,
            )
        )
    return events


def _make_doubtful(figures, previous):
    """Turn the figures into what a methodist would return, and say why, truthfully."""
    key = ("children_ovz", None)
    if key not in figures:
        return "Проверьте отчёт: сверьте значения с журналами объединений."
    before = (previous or {}).get(key, figures[key])
    total = figures[("children_total", None)]
    figures[key] = min(total, Decimal(int(before * Decimal("1.6")) + 3))
    return (
        f"Число детей с ОВЗ выросло с {before} до {figures[key]} по сравнению "
        "с предыдущим отчётом, а пояснения нет. Проверьте значение или поясните его."
    )


def _periods(today):
    this_month = Month.of(today)
    return [period_for(this_month.plus(-back)) for back in range(MONTHS, 0, -1)]


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


@dataclass
class OrganizationProfile:
    """What an organization is like: its size and the shares that stay put month to month."""

    size: int
    weights: dict  # direction code -> weight of the breakdown
    shares: dict  # indicator code -> share of its base figure

    @classmethod
    def random(cls, rng, directions):
        return cls(
            size=rng.randint(40, 400),
            weights={d.code: rng.choice([0, 1, 2, 3, 5, 8]) for d in directions},
            shares={
                "children_ovz": rng.uniform(0.02, 0.08),
                "children_rural": rng.choice([0, rng.uniform(0.1, 0.6)]),
                "children_hard_life": rng.uniform(0.01, 0.05),
                "certificates_issued": rng.uniform(0.5, 0.8),
                "teachers_trained": rng.uniform(0.05, 0.2),
                "event_participants": rng.uniform(0.3, 0.6),
                "group_size_average": rng.uniform(8, 15),
                "events_total": rng.randint(2, 8),
            },
        )


def demo_figures(rng, profile, age=0, codes=None):
    """One month's figures of an organization, consistent by construction:
    {(indicator code, direction code or None): Decimal}; `codes` limits the indicators."""
    shares = profile.shares
    children = max(10, profile.size + rng.randint(-5, 5) - age * 2)
    breakdown = split(children, profile.weights)
    teachers = max(2, children // 15)
    issued = round(children * shares["certificates_issued"])
    used = round(issued * 0.9)
    participants = round(children * shares["event_participants"])
    whole = {
        "children_total": children,
        "children_tech_science": breakdown.get("tech", 0) + breakdown.get("science", 0),
        "children_ovz": round(children * shares["children_ovz"]),
        "children_rural": round(children * shares["children_rural"]),
        "children_hard_life": round(children * shares["children_hard_life"]),
        "children_certificate": used,
        "teachers_total": teachers,
        "teachers_trained": round(teachers * shares["teachers_trained"]),
        "events_total": shares["events_total"] + rng.randint(0, 1),
        "event_participants": participants,
        "winners_municipal": round(participants * 0.05),
        "winners_regional": round(participants * 0.02),
        "winners_federal": round(participants * 0.005),
        "certificates_issued": issued,
        "certificates_used": used,
    }
    figures = {(code, None): Decimal(value) for code, value in whole.items()}
    figures[("group_size_average", None)] = Decimal(shares["group_size_average"]).quantize(
        Decimal("0.1")
    )
    figures.update(
        {("children_total", direction): Decimal(count) for direction, count in breakdown.items()}
    )
    if codes is not None:
        figures = {key: value for key, value in figures.items() if key[0] in codes}
    return figures


def split(total, weights):
    """`total` shared out by `weights` in whole numbers that add up to it exactly."""
    weight_sum = sum(weights.values())
    if not weights:
        return {}
    if not weight_sum:
        weights = dict.fromkeys(weights, 1)
        weight_sum = len(weights)
    exact = {code: total * weight / weight_sum for code, weight in weights.items()}
    parts = {code: int(value) for code, value in exact.items()}
    by_remainder = sorted(exact, key=lambda code: exact[code] - parts[code], reverse=True)
    for code in by_remainder[: total - sum(parts.values())]:
        parts[code] += 1
    return parts

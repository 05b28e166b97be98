"""Small factories for tests: plain ORM, sensible defaults, override what the test is about."""

import itertools

from programs.models import Direction, Level, Organization, Program, Settlement
from programs.services import save_organization, save_program

_counter = itertools.count(1)


def make_organization(**fields):
    n = next(_counter)
    defaults = {
        "slug": f"org-{n}",
        "full_name": f"Муниципальное бюджетное учреждение дополнительного образования № {n}",
        "short_name": f"МБУ ДО № {n}",
        "kind": Organization.Kind.SUPPLEMENTARY,
        "settlement": "Красный Холм",
        "locality": Organization.Locality.URBAN,
        "phone": "+7 (48237) 2-00-00",
        "email": f"org{n}@example.ru",
    }
    defaults.update(fields)
    if isinstance(defaults["settlement"], str):
        defaults["settlement"] = make_settlement(defaults["settlement"])
    return save_organization(Organization(**defaults))


def make_settlement(name, slug=None):
    from moc_portal.core.addresses import slug_from_text

    settlement, _ = Settlement.objects.get_or_create(
        name=name, defaults={"slug": slug or slug_from_text(name)}
    )
    return settlement


def make_program(*, levels=("start",), organization=None, direction="tech", **fields):
    n = next(_counter)
    defaults = {
        "slug": f"program-{n}",
        "title": f"Программа {n}",
        "organization": organization or make_organization(),
        "direction": Direction.objects.get(code=direction),
        "age_min": 7,
        "age_max": 12,
        "status": Program.Status.PUBLISHED,
    }
    defaults.update(fields)
    program = save_program(Program(**defaults))
    program.levels.set(Level.objects.filter(code__in=levels))
    return program


def make_period(year=2026, month=10, **fields):
    from moc_portal.core.months import Month
    from monitoring.services.periods import period_for

    period = period_for(Month(year, month))
    if fields:
        for name, value in fields.items():
            setattr(period, name, value)
        period.save()
    return period


def make_submission(organization=None, period=None, status="submitted", values=None):
    """values: {"children_total": 10, ("children_total", "tech"): 4, …}."""
    from monitoring.models import Indicator, Submission, Value

    submission = Submission.objects.create(
        organization=organization or make_organization(),
        period=period or make_period(),
        status=status,
    )
    indicators = {i.code: i for i in Indicator.objects.all()}
    directions = {d.code: d for d in Direction.objects.all()}
    Value.objects.bulk_create(
        Value(
            submission=submission,
            indicator=indicators[key if isinstance(key, str) else key[0]],
            direction=None if isinstance(key, str) else directions[key[1]],
            value=value,
        )
        for key, value in (values or {}).items()
    )
    return submission

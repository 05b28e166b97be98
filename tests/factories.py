"""Small factories for tests: plain ORM, sensible defaults, override what the test is about."""

import itertools

from programs.models import Direction, Level, Organization, Program

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
    return Organization.objects.create(**defaults)


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
    program = Program.objects.create(**defaults)
    program.levels.set(Level.objects.filter(code__in=levels))
    return program

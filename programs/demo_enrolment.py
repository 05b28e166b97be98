"""Demo enrolment windows, ПФДО costs and parents waiting for enrolment (issue 20)."""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from .models import EnrolmentWatch, Program


def enrollment(rng):
    is_open = rng.random() < 0.8
    return {"enrollment_open": is_open, "places_available": rng.randint(1, 20) if is_open else 0}


def window_and_costs(rng, program):
    """Enrolment windows around today (open, opening later, over) and full groups; for the
    certified programs, the ПФДО cost of a module (some above the normative cost)."""
    today = timezone.localdate()
    if program.enrollment_open:
        program.places_total = rng.randint(10, 25)
        chance = rng.random()
        if chance < 0.6:
            program.enrollment_from = today - timedelta(days=rng.randint(30, 120))
            program.enrollment_to = (
                today + timedelta(days=rng.randint(14, 200)) if rng.random() < 0.7 else None
            )
            free = min(program.places_available or 0, program.places_total)
            program.places_available = 0 if rng.random() < 0.12 else max(free, 1)
        elif chance < 0.85:
            program.enrollment_from = today + timedelta(days=rng.randint(7, 150))
            program.enrollment_to = program.enrollment_from + timedelta(days=rng.randint(30, 90))
            program.places_available = program.places_total
        else:
            program.enrollment_to = today - timedelta(days=rng.randint(1, 60))
            program.enrollment_from = program.enrollment_to - timedelta(days=60)
            program.places_available = rng.randint(0, 3)
    if program.accepts_certificate:
        months = rng.choice([4, 8, 9, 9])
        program.cost_months = months
        program.cost_hours = months * rng.choice([8, 9, 16])
        program.certificate_cost = Decimal(rng.randrange(600, 1500, 50) * months)
        program.normative_cost = program.certificate_cost + Decimal(
            rng.choice([-2000, 0, 0, 500, 1500])
        )


def create_waiting_parents(drafts, *, batch_size):
    """Parents waiting for the programs whose enrolment has not opened or is full (the unmet
    demand the admin and the monthly report count); addresses at example.ru."""
    now = timezone.now()
    watches = []
    for draft in drafts:
        program = draft.program
        if program.status != Program.Status.PUBLISHED or not program.enrolment.can_wait:
            continue
        rng = random.Random(f"waiting-{program.pk}")
        watches += [
            EnrolmentWatch(
                program_id=program.pk,
                email=f"roditel{program.pk}-{n}@example.ru",
                confirmed_at=now,
            )
            for n in range(rng.randint(0, 6))
        ]
    EnrolmentWatch.objects.bulk_create(watches, batch_size=batch_size)

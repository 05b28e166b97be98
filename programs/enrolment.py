"""Enrolment and the ПФДО certificate, as pure rules of a program's fields.

A program's enrolment state is derived, never stored: the organization's switch «открыта
запись» (`enrollment_open`), the enrolment window (`enrollment_from`, `enrollment_to`, both
optional, inclusive) and the free places (`places_available`; empty = not counted). The same
rule is written twice, once in Python for one program (`state_of`) and once as a query
condition for the catalogue's filter (`open_condition`); tests keep them equal.

The certificate pays `min(cost, normative cost, remaining nominal)` of a program (or of its
module) and the parent pays the rest (ПФДО's rule); `certificate_share` works it out, and
static/js/certificate.js does the same in the page.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db.models import Q
from django.utils import timezone

from moc_portal.core.text import date_ru


class State:
    OPEN = "open"  # enrolment goes on now
    SOON = "soon"  # the window has not opened yet
    FULL = "full"  # the window is open, no places left
    CLOSED = "closed"  # switched off, or the window is over


@dataclass(frozen=True)
class Enrolment:
    state: str
    label: str  # «Запись открыта до 31 мая», «Запись с 15 апреля», «Мест нет», «Набор закрыт»
    opens_on: datetime.date | None = None
    closes_on: datetime.date | None = None

    @property
    def is_open(self):
        return self.state == State.OPEN

    @property
    def can_wait(self):
        """A parent may ask to be told when enrolment opens: it has not yet, or is full."""
        return self.state in (State.SOON, State.FULL)


def today():
    return timezone.localdate()


def _day(value, on):
    """«31 мая», with the year only when it is not `on`'s year."""
    return date_ru(value, with_year=value.year != on.year)


def state_of(program, on=None):
    """The enrolment of `program` on the day `on` (today by default)."""
    on = on or today()
    starts, ends = program.enrollment_from, program.enrollment_to
    if not program.enrollment_open or (ends is not None and ends < on):
        return Enrolment(State.CLOSED, "Набор закрыт", closes_on=ends)
    if starts is not None and starts > on:
        return Enrolment(
            State.SOON, f"Запись с {_day(starts, on)}", opens_on=starts, closes_on=ends
        )
    if program.places_available == 0:
        return Enrolment(State.FULL, "Мест нет", closes_on=ends)
    label = f"Запись открыта до {_day(ends, on)}" if ends is not None else "Запись открыта"
    return Enrolment(State.OPEN, label, closes_on=ends)


def open_condition(on=None, prefix=""):
    """The query condition of `state_of(...).is_open` on the day `on` (today by default)."""
    on = on or today()

    def field(name):
        return prefix + name

    return (
        Q(**{field("enrollment_open"): True})
        & (Q(**{field("enrollment_from__isnull"): True}) | Q(**{field("enrollment_from__lte"): on}))
        & (Q(**{field("enrollment_to__isnull"): True}) | Q(**{field("enrollment_to__gte"): on}))
        & (Q(**{field("places_available__isnull"): True}) | Q(**{field("places_available__gt"): 0}))
    )


# --- The certificate ---

CENTS = Decimal("0.01")
MAX_NOMINAL = Decimal("10000000")  # more than any certificate; larger input is a mistake


def full_certificate_condition():
    """Programs a certificate with enough left pays in full: certified, priced, the cost not
    above the normative cost (the certificate never pays more than the normative)."""
    from django.db.models import F

    return Q(
        accepts_certificate=True,
        certificate_cost__isnull=False,
        normative_cost__isnull=False,
        certificate_cost__lte=F("normative_cost"),
    )


@dataclass(frozen=True)
class Share:
    cost: Decimal  # the program's (module's) cost
    covered: Decimal  # what the certificate pays
    to_pay: Decimal  # what the parent pays in all
    months: int | None
    covered_per_month: Decimal | None
    to_pay_per_month: Decimal | None

    @property
    def is_full(self):
        return self.to_pay == 0


def parse_amount(text):
    """A sum as people type it («5 000», «4999,50», «5000 ₽»); None when it is not one."""
    if text is None:
        return None
    cleaned = str(text).replace("₽", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not cleaned or len(cleaned) > 20:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value > MAX_NOMINAL:
        return None
    return value.quantize(CENTS, ROUND_HALF_UP)


def certificate_share(program, remaining):
    """What a certificate with `remaining` left pays for `program`, or None when the program
    does not take certificates or has no cost published."""
    cost, normative = program.certificate_cost, program.normative_cost
    if not program.accepts_certificate or cost is None:
        return None
    limits = [cost, remaining] + ([normative] if normative is not None else [])
    covered = max(min(limits), Decimal(0)).quantize(CENTS, ROUND_HALF_UP)
    to_pay = (cost - covered).quantize(CENTS, ROUND_HALF_UP)
    months = program.cost_months or program.duration_months
    if months:
        per_month = (covered / months).quantize(CENTS, ROUND_HALF_UP)
        pay_per_month = (to_pay / months).quantize(CENTS, ROUND_HALF_UP)
    else:
        per_month = pay_per_month = None
    return Share(cost, covered, to_pay, months, per_month, pay_per_month)

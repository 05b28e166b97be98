"""The shortlist («Избранное»): programs a parent keeps in the browser (localStorage), shared
as `/shortlist/?p=slug1,slug2`. The server keeps nothing; it only reads the slugs it is given,
in one query for the programs (with their places and, given a point, their distance) and one
each for their levels and schedule, however many are asked."""

import re

from .enrolment import state_of
from .models import Program
from .selectors.places import program_distance

MAX_SHORTLIST = 20  # more slugs in a link are ignored
MAX_COMPARED = 4
_SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,220}$")


def parse_slugs(raw):
    """`"a, b,,a,<x>"` → `["a", "b"]`: valid slugs, in order, once each, at most MAX_SHORTLIST."""
    slugs = []
    for value in (raw or "")[: MAX_SHORTLIST * 230].split(","):
        value = value.strip()
        if _SLUG_RE.match(value) and value not in slugs:
            slugs.append(value)
        if len(slugs) == MAX_SHORTLIST:
            break
    return slugs


def shortlisted(slugs, point=None):
    """The public programs of `slugs`, in the order given (unknown slugs are left out), with
    their places' text and, when `point` is given, their `distance` from it in kilometres
    (None for a program without coordinates)."""
    if not slugs:
        return []
    programs = (
        Program.objects.public()
        .for_listing()
        .with_places_text()
        .prefetch_related("schedule_slots")
        .filter(slug__in=slugs)
    )
    if point is not None:
        programs = programs.annotate(distance=program_distance(point))
    found = {program.slug: program for program in programs}
    return [found[slug] for slug in slugs if slug in found]


def as_json(program):
    enrolment = state_of(program)
    return {
        "slug": program.slug,
        "title": program.title,
        "url": program.get_absolute_url(),
        "organization": program.organization.short_name,
        "direction": program.direction.name,
        "age_min": program.age_min,
        "age_max": program.age_max,
        "enrolment": {"state": enrolment.state, "label": enrolment.label},
    }

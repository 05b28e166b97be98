"""How the cells of a program row are read: the parser of each column and the program
fields the row may change."""

from ...models import Program
from ..import_columns.columns import normalize_key
from ..import_columns.values import (
    parse_age,
    parse_bool,
    parse_choice,
    parse_coordinates,
    parse_count,
    parse_date,
    parse_named_list,
    parse_navigator_id,
    parse_optional_latitude,
    parse_optional_longitude,
    parse_payment,
    parse_price,
    parse_schedule,
    parse_study_form,
)

# Enrolment: whether and when the program takes children, its places and its costs.
ENROLMENT_PARSERS = {
    "enrollment_open": parse_bool,
    "places_available": parse_count,
    "enrollment_from": parse_date,
    "enrollment_to": parse_date,
    "places_total": parse_count,
    "certificate_cost": parse_price,
    "normative_cost": parse_price,
    "cost_months": parse_count,
    "cost_hours": parse_count,
}

# The fields of Program a row may change (the related rows aside), compared before and after.
PROGRAM_FIELDS = [
    "navigator_id",
    "navigator_url",
    "title",
    "organization_id",
    "direction_id",
    "age_min",
    "age_max",
    "is_free",
    "accepts_certificate",
    "is_paid",
    "price_per_month",
    "study_form",
    "uses_distance_technologies",
    "is_ovz_adapted",
    "is_network",
    "duration_months",
    "hours_per_year",
    "annotation",
    "goals",
    "expected_results",
    "teachers",
    *ENROLMENT_PARSERS,
    "status",
]


def cell_parsers(known):
    """{column key: text -> value} for a program row; `known` are the import's KnownNames."""
    return {
        "navigator_id": parse_navigator_id,
        "title": lambda text: text,
        "direction": lambda text: parse_direction(known, text),
        "levels": lambda text: parse_named_list(text, known.levels, "уровень"),
        "age_min": parse_age,
        "age_max": parse_age,
        "payment": parse_payment,
        "price_per_month": parse_price,
        "study_form": parse_study_form,
        "uses_distance_technologies": parse_bool,
        "is_ovz_adapted": parse_bool,
        "disability_types": lambda text: parse_named_list(
            text, known.disability_types, "вид нарушения"
        ),
        "is_network": parse_bool,
        "duration_months": parse_count,
        "hours_per_year": parse_count,
        "annotation": str,
        "goals": str,
        "expected_results": str,
        "teachers": str,
        "venue": str,
        "latitude": parse_optional_latitude,
        "longitude": parse_optional_longitude,
        "coordinates": parse_coordinates,
        "schedule": parse_schedule,
        **ENROLMENT_PARSERS,
        "status": lambda text: (
            parse_choice(text, Program.Status.choices, "статус") if text else None
        ),
    }


def parse_direction(known, text):
    if not text:
        raise ValueError("Укажите направленность.")
    direction = known.directions.get(text) or known.directions.get(normalize_key(text))
    if direction is None:
        names = ", ".join(f"«{name.lower()}»" for name in known.direction_names.values())
        raise ValueError(f"«{text}» — неизвестная направленность. Возможные: {names}.")
    return direction

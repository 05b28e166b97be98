"""The import's columns written back out: an exported file imports again unchanged.

The admin's «Экспорт» of programs and organizations writes these rows (Russian headers,
vocabulary by name, «да»/«нет»), so a methodist can export, edit and import the same file.
"""

import csv
import io

from moc_portal.core.spreadsheets import Column, Sheet, build_xlsx, fit_width, safe_csv_value

from .import_columns.columns import ORGANIZATION_COLUMNS, columns_for
from .import_columns.values import format_schedule

PROGRAM_HEADERS = [column.header for column in columns_for("program")]
ORGANIZATION_HEADERS = [column.header for column in ORGANIZATION_COLUMNS]


def _yes_no(value):
    return "да" if value else "нет"


def _number(value):
    return "" if value is None else value


def _date(value):
    return "" if value is None else value.strftime("%d.%m.%Y")


def _first_point(program):
    """Latitude and longitude of the program's first place that has them."""
    for place in program.places.all():
        if place.has_point:
            return [place.latitude, place.longitude]
    return ["", ""]


def program_rows(programs):
    """[header, row, …] for the programs queryset; one query per relation, not per row."""
    programs = programs.select_related("organization", "direction").prefetch_related(
        "levels", "disability_types", "schedule_slots", "places"
    )
    yield PROGRAM_HEADERS
    for program in programs.order_by("organization__short_name", "title", "pk"):
        yield [
            program.navigator_url or program.navigator_id,
            program.title,
            program.organization.short_name,
            program.direction.name,
            "; ".join(level.name for level in program.levels.all()),
            program.age_min,
            program.age_max,
            "; ".join(program.payment_labels),
            _number(program.price_per_month),
            program.get_study_form_display(),
            _yes_no(program.uses_distance_technologies),
            _yes_no(program.is_ovz_adapted),
            "; ".join(item.name for item in program.disability_types.all()),
            _yes_no(program.is_network),
            _number(program.duration_months),
            _number(program.hours_per_year),
            program.annotation,
            program.goals,
            program.expected_results,
            program.teachers,
            "; ".join(place.address for place in program.places.all()),
            *_first_point(program),
            "",  # «Координаты»: the two columns before say it
            format_schedule(
                (slot.weekday, slot.starts_at, slot.ends_at, slot.group_name)
                for slot in program.schedule_slots.all()
            ),
            _yes_no(program.enrollment_open),
            _number(program.places_available),
            _date(program.enrollment_from),
            _date(program.enrollment_to),
            _number(program.places_total),
            _number(program.certificate_cost),
            _number(program.normative_cost),
            _number(program.cost_months),
            _number(program.cost_hours),
            program.get_status_display(),
        ]


def organization_rows(organizations):
    yield ORGANIZATION_HEADERS
    for organization in organizations.select_related("settlement").order_by("short_name", "pk"):
        yield [
            organization.short_name,
            organization.full_name,
            organization.get_kind_display(),
            organization.get_department_display(),
            organization.inn,
            organization.ogrn,
            organization.address,
            organization.settlement.name if organization.settlement_id else "",
            organization.get_locality_display(),
            organization.phone,
            organization.email,
            organization.website,
            organization.head_name,
            organization.description,
            _number(organization.latitude),
            _number(organization.longitude),
            _yes_no(organization.is_active),
        ]


def rows_to_xlsx(rows, title):
    """The rows (header first) as XLSX bytes; text starting with = stays text."""
    rows = iter(rows)
    header = next(rows)
    columns = [Column(name, fit_width([name], minimum=12, maximum=40)) for name in header]
    return build_xlsx([Sheet(title, columns, rows)])


def rows_to_csv(rows):
    """The rows as UTF-8 CSV with a BOM and `;` (what a Russian Excel opens by double-click)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    for row in rows:
        writer.writerow([safe_csv_value(value) for value in row])
    return buffer.getvalue().encode("utf-8")

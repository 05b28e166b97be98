"""Open-data exports of the catalogue: every public program matching the catalogue's filters.

One record builder, one writer per file type. The column keys are an interface (people
build on the open data): keep them and their order stable, add new columns at the end.

Values by format:
- lists (levels, payment) are arrays in JSON and joined by `;` in CSV and XLSX;
- closed lists (direction, levels, payment, format) are the stable codes in CSV and JSON
  and the Russian labels in XLSX (Художественная, Базовый, По сертификату ПФДО, Очная);
- booleans are true/false in JSON, 1/0 in CSV (easy to sum and filter by machine) and
  «да»/«нет» in XLSX (the file people open by hand, in a Russian-language Excel that
  would otherwise show ИСТИНА/ЛОЖЬ);
- `updated` is an ISO 8601 string in the local time zone in CSV and JSON, and a real
  date-time cell (local time; Excel has no time zones) in XLSX.
"""

import datetime
import json

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from moc_portal.core.spreadsheets import (
    XLSX_CONTENT_TYPE,
    Column,
    Sheet,
    build_xlsx,
    csv_writer,
    safe_csv_row,
)
from moc_portal.models import SiteSettings

CHUNK_SIZE = 1000
LIST_SEPARATOR = ";"

# key: (XLSX header, XLSX column width, XLSX number format)
COLUMNS = {
    "id": ("ID", 8, "0"),
    "slug": ("Код страницы (slug)", 30, None),
    "title": ("Название", 50, None),
    "organization": ("Организация", 35, None),
    "organization_slug": ("Код страницы организации", 25, None),
    "direction": ("Направленность", 24, None),
    "levels": ("Уровни", 30, None),
    "age_min": ("Возраст от", 11, "0"),
    "age_max": ("Возраст до", 11, "0"),
    "payment": ("Оплата", 24, None),
    "format": ("Форма обучения", 24, None),
    "ovz": ("Для детей с ОВЗ", 16, None),
    "rural": ("В сельской местности", 20, None),
    "network": ("Сетевая форма", 15, None),
    "navigator_url": ("Навигатор", 40, None),
    "url": ("Адрес страницы", 50, None),
    "updated": ("Обновлено", 17, "DD.MM.YYYY HH:MM"),
}


def program_records(programs, request, labels=False):
    """One dict per program, keys in COLUMNS order, native values (lists, bools, datetimes).

    With `labels`, closed lists hold the Russian names people read instead of the codes.

    `programs` must carry its joins (selectors.catalogue.matching_programs does): the iterator
    prefetches levels per chunk, so the query count does not grow with the rows.
    """
    site = SiteSettings.load()
    for program in programs.iterator(chunk_size=CHUNK_SIZE):
        organization = program.organization
        yield {
            "id": program.id,
            "slug": program.slug,
            "title": program.title,
            "organization": organization.short_name,
            "organization_slug": organization.slug,
            "direction": program.direction.name if labels else program.direction.code,
            "levels": [level.name if labels else level.code for level in program.levels.all()],
            "age_min": program.age_min,
            "age_max": program.age_max,
            "payment": program.payment_labels if labels else program.payment_codes,
            "format": program.get_study_form_display() if labels else program.study_form,
            "ovz": program.is_ovz_adapted,
            "rural": organization.is_rural,
            "network": program.is_network,
            "navigator_url": site.navigator_program_url(program.navigator_id),
            "url": request.build_absolute_uri(program.get_absolute_url()),
            "updated": program.updated_at,
        }


def local_isoformat(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds")


def export_csv(programs, request):
    records = program_records(programs, request)
    writer = csv_writer(_Echo())

    def lines():
        yield "\ufeff"  # the BOM tells Excel the file is UTF-8 (Cyrillic titles)
        yield writer.writerow(list(COLUMNS))
        for record in records:
            yield writer.writerow(safe_csv_row(_csv_value(value) for value in record.values()))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    return _as_download(response, "csv")


def export_json(programs, request):
    records = [
        {**record, "updated": local_isoformat(record["updated"])}
        for record in program_records(programs, request)
    ]
    document = {
        "count": len(records),
        "generated": local_isoformat(timezone.now()),
        "programs": records,
    }
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    return _as_download(response, "json")


def export_xlsx(programs, request):
    columns = [
        Column(title, width, number_format) for title, width, number_format in COLUMNS.values()
    ]
    rows = (
        [_xlsx_value(value) for value in record.values()]
        for record in program_records(programs, request, labels=True)
    )
    content = build_xlsx([Sheet("Программы", columns, rows)])
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    return _as_download(response, "xlsx")


EXPORTERS = {"csv": export_csv, "xlsx": export_xlsx, "json": export_json}


class _Echo:
    """A file-like object for csv.writer that hands each formatted line back."""

    def write(self, line):
        return line


def _csv_value(value):
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    if isinstance(value, datetime.datetime):
        return local_isoformat(value)
    return value


def _xlsx_value(value):
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return value


def _as_download(response, extension):
    filename = f"programs-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: other sites may fetch it
    return response

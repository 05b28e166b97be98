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
import hashlib
import json
from dataclasses import dataclass

from django.utils import timezone

from moc_portal.core.cache import cached
from moc_portal.core.spreadsheets import (
    XLSX_CONTENT_TYPE,
    Column,
    Sheet,
    build_xlsx,
    csv_writer,
    safe_csv_row,
)
from moc_portal.core.uploads import attachment_response
from moc_portal.models import SiteSettings

from ..selectors import catalogue

CHUNK_SIZE = 1000
# Keys carry the catalogue's content version, so a cached file is never out of date; the
# timeout only frees the memory of filter sets nobody asks for again.
EXPORT_CACHE_SECONDS = 60 * 60
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
            "navigator_url": site.navigator_program_url(
                program.navigator_id, program.navigator_url
            ),
            "url": request.build_absolute_uri(program.get_absolute_url()),
            "updated": program.updated_at,
        }


def local_isoformat(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds")


def write_csv(programs, request):
    writer = csv_writer(_Echo())
    lines = ["\ufeff", writer.writerow(list(COLUMNS))]  # the BOM: Excel reads it as UTF-8
    lines.extend(
        writer.writerow(safe_csv_row(_csv_value(value) for value in record.values()))
        for record in program_records(programs, request)
    )
    return "".join(lines).encode("utf-8")


def write_json(programs, request):
    records = [
        {**record, "updated": local_isoformat(record["updated"])}
        for record in program_records(programs, request)
    ]
    document = {
        "count": len(records),
        "generated": local_isoformat(timezone.now()),
        "programs": records,
    }
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def write_xlsx(programs, request):
    columns = [
        Column(title, width, number_format) for title, width, number_format in COLUMNS.values()
    ]
    rows = (
        [_xlsx_value(value) for value in record.values()]
        for record in program_records(programs, request, labels=True)
    )
    return build_xlsx([Sheet("Программы", columns, rows)])


@dataclass(frozen=True)
class ExportFormat:
    write: object  # (programs, request) -> bytes
    content_type: str


FORMATS = {
    "csv": ExportFormat(write_csv, "text/csv; charset=utf-8"),
    "xlsx": ExportFormat(write_xlsx, XLSX_CONTENT_TYPE),
    "json": ExportFormat(write_json, "application/json; charset=utf-8"),
}


def export_response(file_format, params, request):
    """The export of the programs matching `params`, written once per filter set and content
    version of the catalogue and then served from the cache (whole-catalogue exports are the
    heaviest thing an anonymous visitor can ask for)."""
    export = FORMATS[file_format]
    content = cached(
        _cache_key(file_format, params, request),
        EXPORT_CACHE_SECONDS,
        lambda: export.write(catalogue.matching_programs(params), request),
    )
    filename = f"programs-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response = attachment_response(content, filename, export.content_type)
    response["Access-Control-Allow-Origin"] = "*"  # open data: other sites may fetch it
    return response


def _cache_key(file_format, params, request):
    fingerprint = json.dumps(
        [
            file_format,
            catalogue.export_parameters(params),
            catalogue.content_version(),
            request.scheme,  # the files hold the pages' absolute addresses
            request.get_host(),
        ],
        default=str,
        ensure_ascii=False,
    )
    return "programs:export:" + hashlib.sha256(fingerprint.encode()).hexdigest()


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

"""Versions of the open-data sets and the files of the recommendations (3.0).

`publish_changed_sets()` runs daily (the beat's «Публикация открытых данных»): a set whose
rows or structure differ from its latest version gets a new version dated today; a set
unchanged gets none, and there is at most one version a day (a unique constraint, not a hope).
Every version stays downloadable under its dated name.
"""

import csv
import hashlib
import io
import json

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from moc_portal.core.email import absolute_url
from moc_portal.core.page_cache import content_changed
from moc_portal.core.spreadsheets import safe_csv_row
from moc_portal.core.text import plural
from moc_portal.models import OpenDataVersion, SiteSettings

from .datasets import DATASETS

STANDARD_VERSION = "http://opendata.gosmonitor.ru/standard/3.0"
UPDATE_PERIOD = "ежедневно, при изменении данных"
TERMS_OF_USE = (
    "Данные можно свободно копировать, распространять и использовать, в том числе в "
    "коммерческих целях, с указанием источника — сайта МОЦ "
    "(Creative Commons Attribution 4.0, https://creativecommons.org/licenses/by/4.0/deed.ru)."
)
FORMAT = "csv"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
LIST_SEPARATOR = ";"


def _digest(value):
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def publish_changed_sets(today=None):
    """A new version of every set whose data changed since its latest one; the codes of the
    sets that got one."""
    return [code for code in DATASETS if publish_version(code, today=today) is not None]


def publish_version(code, today=None):
    """Today's version of the set if its rows or structure changed (None otherwise, or when
    today already has one: the next day's run takes the change)."""
    dataset = DATASETS[code]
    today = today or timezone.localdate()
    rows, structure = dataset.rows(), dataset.structure
    digest, structure_digest = _digest(rows), _digest(structure)
    latest = OpenDataVersion.objects.filter(dataset=code).order_by("-published_on").first()
    if latest is not None:
        unchanged = latest.digest == digest and latest.structure_digest == structure_digest
        if unchanged or latest.published_on >= today:
            return None
    same_structure = latest is not None and latest.structure_digest == structure_digest
    try:
        with transaction.atomic():
            content_changed()  # the kept /opendata/ page lists the versions
            return OpenDataVersion.objects.create(
                dataset=code,
                published_on=today,
                structure_on=latest.structure_on if same_structure else today,
                structure=structure,
                rows=rows,
                row_count=len(rows),
                digest=digest,
                structure_digest=structure_digest,
                change=describe_change(latest, rows, same_structure),
            )
    except IntegrityError:  # another worker published today's version first
        return None


def describe_change(latest, rows, same_structure=True):
    """The passport's «содержание последнего изменения», counted by the rows' `id`."""
    total = plural(len(rows), "запись", "записи", "записей")
    if latest is None:
        return f"Первая публикация набора: {total}."
    old = {row["id"]: row for row in latest.rows}
    new = {row["id"]: row for row in rows}
    added = len(new.keys() - old.keys())
    removed = len(old.keys() - new.keys())
    changed = sum(1 for key in new.keys() & old.keys() if new[key] != old[key])
    parts = [f"добавлено: {added}", f"изменено: {changed}", f"удалено: {removed}"]
    if not same_structure:
        parts.append("изменена структура")
    return f"{', '.join(parts).capitalize()}; всего {total}."


# Reads: what the pages and files show -------------------------------------------------------


def versions_by_set(codes=None):
    """{code: [versions, newest first]} for every set (or those named), without the rows
    (one query)."""
    found = {code: [] for code in codes or DATASETS}
    versions = (
        OpenDataVersion.objects.defer("rows", "structure")
        .filter(dataset__in=list(found))
        .order_by("dataset", "-published_on")
    )
    for version in versions:
        found[version.dataset].append(version)
    return found


def identifier(code, site=None):
    inn = (site or SiteSettings.load()).operator_inn
    return f"{inn}-{code}" if inn else code


def _url(name, **kwargs):
    return absolute_url(reverse(f"opendata:{name}", kwargs=kwargs))


def data_url(version, file_format=FORMAT):
    return _url(
        "data",
        code=version.dataset,
        day=f"{version.published_on:%Y%m%d}",
        structure_day=f"{version.structure_on:%Y%m%d}",
        file_format=file_format,
    )


def structure_url(version, file_format=FORMAT):
    return _url(
        "structure",
        code=version.dataset,
        day=f"{version.structure_on:%Y%m%d}",
        file_format=file_format,
    )


def passport(code, versions, site=None):
    """The set's passport as (property, Russian label, value) rows, in the order of the
    recommendations' meta.csv (the versions' links follow in `version_links`)."""
    site = site or SiteSettings.load()
    dataset = DATASETS[code]
    current = versions[0] if versions else None
    first = versions[-1] if versions else None
    rows = [
        ("standardversion", "Версия методических рекомендаций", STANDARD_VERSION),
        ("identifier", "Идентификационный номер", identifier(code, site)),
        ("title", "Наименование набора данных", dataset.title),
        ("description", "Описание набора данных", dataset.description),
        ("creator", "Владелец набора данных", site.operator_name or site.moc_name),
        ("publishername", "Ответственное лицо", site.opendata_responsible),
        ("publisherphone", "Телефон ответственного лица", site.opendata_phone or site.phone),
        ("publishermbox", "Адрес электронной почты ответственного лица", _email(site)),
        ("format", "Формат данных", FORMAT),
        ("data", "Гиперссылка на набор", data_url(current) if current else ""),
        ("structure", "Гиперссылка на структуру", structure_url(current) if current else ""),
        ("created", "Дата первой публикации", f"{first.published_on:%Y%m%d}" if first else ""),
        ("modified", "Дата последнего изменения", _modified(current)),
        ("provenance", "Содержание последнего изменения", current.change if current else ""),
        ("valid", "Дата актуальности", _modified(current)),
        ("periodicity", "Периодичность обновления", UPDATE_PERIOD),
        ("subject", "Ключевые слова", dataset.keywords),
        ("license", "Условия использования", TERMS_OF_USE),
    ]
    return rows


def version_links(versions):
    """One (name, label, address) row per version of the data, then of the structure."""
    rows = []
    for version in versions:
        rows.append(
            (version.data_name, f"Версия от {version.published_on:%d.%m.%Y}", data_url(version))
        )
    seen = set()
    for version in versions:
        if version.structure_name not in seen:
            seen.add(version.structure_name)
            label = f"Структура от {version.structure_on:%d.%m.%Y}"
            rows.append((version.structure_name, label, structure_url(version)))
    return rows


def _email(site):
    return site.opendata_email or site.email


def _modified(version):
    return f"{version.published_on:%Y%m%d}" if version else ""


# Files ---------------------------------------------------------------------------------------


def write_csv(header, rows):
    """UTF-8 CSV, comma-separated, every field quoted (3.0); text that a spreadsheet would run
    as a formula is written as text, as in every export of the portal (the JSON is exact)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(safe_csv_row(row) for row in rows)
    return buffer.getvalue().encode("utf-8")


def write_json(document):
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def list_file(file_format, site=None):
    """The «list» of sets: each set's identifier, title and the address of its passport."""
    site = site or SiteSettings.load()
    entries = [
        {
            "identifier": identifier(code, site),
            "title": dataset.title,
            "link": _url("meta", code=code, file_format=file_format),
            "format": file_format,
        }
        for code, dataset in DATASETS.items()
    ]
    if file_format == "json":
        return write_json({"standardversion": STANDARD_VERSION, "meta": entries})
    rows = [[e["identifier"], e["title"], e["link"], e["format"]] for e in entries]
    return write_csv(["property", "title", "value", "format"], rows)


def meta_file(code, file_format, versions, site=None):
    rows = passport(code, versions, site)
    if file_format == "csv":
        rows += version_links(versions)
        return write_csv(["property", "value"], [[name, value] for name, _, value in rows])
    document = {name: value for name, _, value in rows}
    document["data_json"] = data_url(versions[0], "json") if versions else ""
    document["structure_json"] = structure_url(versions[0], "json") if versions else ""
    document["versions"] = [
        {
            "name": version.data_name,
            "created": f"{version.published_on:%Y%m%d}",
            "structure": version.structure_name,
            "records": version.row_count,
            "change": version.change,
            "csv": data_url(version, "csv"),
            "json": data_url(version, "json"),
        }
        for version in versions
    ]
    return write_json(document)


STRUCTURE_KEYS = ("name", "english", "russian", "format")


def structure_file(version, file_format):
    fields = version.structure
    if file_format == "json":
        # PostgreSQL's jsonb keeps no key order: the file puts the keys back in theirs.
        fields = [{key: field[key] for key in STRUCTURE_KEYS} for field in fields]
        return write_json({"name": version.structure_name, "fields": fields})
    header = ["field name", "english description", "russian description", "format"]
    rows = [[f["name"], f["english"], f["russian"], f["format"]] for f in fields]
    return write_csv(header, rows)


def data_file(version, file_format):
    names = [field["name"] for field in version.structure]
    if file_format == "json":
        # Fields in the structure's order (jsonb stores an object's keys sorted).
        return write_json([{name: row.get(name) for name in names} for row in version.rows])
    return write_csv(names, ([_csv_value(row.get(name)) for name in names] for row in version.rows))


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return str(value)

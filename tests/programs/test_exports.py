import codecs
import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from moc_portal.models import SiteSettings
from programs.models import Program
from tests.factories import make_organization, make_program

pytestmark = pytest.mark.django_db

COLUMN_KEYS = [
    "id",
    "slug",
    "title",
    "organization",
    "organization_slug",
    "direction",
    "levels",
    "age_min",
    "age_max",
    "payment",
    "format",
    "ovz",
    "rural",
    "network",
    "navigator_url",
    "url",
    "updated",
]
XLSX_HEADERS = [
    "ID",
    "Код страницы (slug)",
    "Название",
    "Организация",
    "Код страницы организации",
    "Направленность",
    "Уровни",
    "Возраст от",
    "Возраст до",
    "Оплата",
    "Форма обучения",
    "Для детей с ОВЗ",
    "В сельской местности",
    "Сетевая форма",
    "Навигатор",
    "Адрес страницы",
    "Обновлено",
]
FORMULA = '=HYPERLINK("http://x")'
# Site settings, the filter vocabulary (both cached, cold here), the programs, their levels;
# the catalogue's content version (two aggregates); the rate limit's counter when there is no
# Redis (an upsert, and on a new window the removal of ended ones).
MAX_EXPORT_QUERIES = 8


def export_url(file_format, query=""):
    url = reverse("programs:export", kwargs={"file_format": file_format})
    return f"{url}?{query}" if query else url


def content_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response):
    text = content_of(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def json_document(response):
    return json.loads(content_of(response).decode("utf-8"))


def xlsx_sheet(response):
    return load_workbook(io.BytesIO(content_of(response))).active


def xlsx_records(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(COLUMN_KEYS, row, strict=True)) for row in rows[1:]]


def exported_records(response, file_format):
    if file_format == "csv":
        return csv_rows(response)
    if file_format == "json":
        return json_document(response)["programs"]
    return xlsx_records(xlsx_sheet(response))


def exported_slugs(client, file_format, query=""):
    response = client.get(export_url(file_format, query))
    assert response.status_code == 200
    return sorted(record["slug"] for record in exported_records(response, file_format))


@pytest.fixture
def navigator():
    site = SiteSettings.load()
    site.navigator_base_url = "https://navigator.example.ru/"
    site.save()
    return site


@pytest.fixture
def rich_program(navigator):
    """A program with every exported attribute set away from its default."""
    organization = make_organization(
        slug="dshi-holm", short_name="ДШИ Красный Холм", locality="rural"
    )
    return make_program(
        slug="horeografiya",
        title="Хореография «Капель»",
        organization=organization,
        direction="art",
        levels=("advanced", "start"),
        age_min=5,
        age_max=9,
        is_free=True,
        accepts_certificate=True,
        is_paid=False,
        study_form=Program.StudyForm.MIXED,
        is_ovz_adapted=True,
        is_network=True,
        navigator_id="12345",
    )


def local_iso(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds")


def test_csv_has_the_column_keys_and_the_program_values(client, rich_program):
    rows = csv_rows(client.get(export_url("csv")))

    assert len(rows) == 1
    assert list(rows[0]) == COLUMN_KEYS
    assert rows[0] == {
        "id": str(rich_program.id),
        "slug": "horeografiya",
        "title": "Хореография «Капель»",
        "organization": "ДШИ Красный Холм",
        "organization_slug": "dshi-holm",
        "direction": "art",
        "levels": "start;advanced",
        "age_min": "5",
        "age_max": "9",
        "payment": "free;certificate",
        "format": "mixed",
        "ovz": "1",
        "rural": "1",
        "network": "1",
        "navigator_url": "https://navigator.example.ru/program/12345",
        "url": "http://testserver/programs/horeografiya/",
        "updated": local_iso(rich_program.updated_at),
    }


def test_csv_writes_false_flags_as_zero_and_missing_navigator_id_as_empty(client):
    make_program(is_ovz_adapted=False, is_network=False, navigator_id="")

    (row,) = csv_rows(client.get(export_url("csv")))

    assert (row["ovz"], row["rural"], row["network"]) == ("0", "0", "0")
    assert row["navigator_url"] == ""


def test_updated_is_iso_8601_in_the_local_time_zone(client, rich_program):
    (row,) = csv_rows(client.get(export_url("csv")))

    updated = datetime.datetime.fromisoformat(row["updated"])
    assert updated.utcoffset() == timezone.localtime(rich_program.updated_at).utcoffset()
    assert abs(updated - rich_program.updated_at) < datetime.timedelta(seconds=1)


def test_csv_is_a_utf8_attachment_with_a_bom_and_open_to_other_sites(client):
    make_program()

    response = client.get(export_url("csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert content_of(response).startswith(codecs.BOM_UTF8)
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="programs-{today}.csv"'
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("file_format", ["json", "xlsx"])
def test_other_formats_are_attachments_named_by_date(client, file_format):
    response = client.get(export_url(file_format))

    today = timezone.localdate().isoformat()
    expected = f'attachment; filename="programs-{today}.{file_format}"'
    assert response["Content-Disposition"] == expected
    assert response["Access-Control-Allow-Origin"] == "*"


def test_json_has_count_generation_time_and_arrays(client, rich_program):
    response = client.get(export_url("json"))

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "Хореография".encode() in response.content  # ensure_ascii=False
    document = json_document(response)
    assert document["count"] == 1
    generated = datetime.datetime.fromisoformat(document["generated"])
    assert abs(timezone.now() - generated) < datetime.timedelta(minutes=1)
    (record,) = document["programs"]
    assert list(record) == COLUMN_KEYS
    assert record["levels"] == ["start", "advanced"]
    assert record["payment"] == ["free", "certificate"]
    assert (record["ovz"], record["rural"], record["network"]) == (True, True, True)
    assert record["id"] == rich_program.id
    assert record["age_min"] == 5
    assert record["url"] == "http://testserver/programs/horeografiya/"
    assert record["updated"] == local_iso(rich_program.updated_at)


def test_json_of_an_empty_selection_is_still_a_document(client):
    document = json_document(client.get(export_url("json")))

    assert document["count"] == 0
    assert document["programs"] == []


def test_xlsx_has_russian_headers_a_frozen_header_and_column_widths(client, rich_program):
    response = client.get(export_url("xlsx"))

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = xlsx_sheet(response)
    assert sheet.title == "Программы"
    assert [cell.value for cell in sheet[1]] == XLSX_HEADERS
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width == 50  # title
    assert sheet.column_dimensions["H"].width == 11  # age_min


def test_xlsx_has_the_program_values(client, rich_program):
    (record,) = xlsx_records(xlsx_sheet(client.get(export_url("xlsx"))))

    updated = record.pop("updated")
    assert record == {
        "id": rich_program.id,
        "slug": "horeografiya",
        "title": "Хореография «Капель»",
        "organization": "ДШИ Красный Холм",
        "organization_slug": "dshi-holm",
        "direction": "Художественная",
        "levels": "Стартовый (ознакомительный);Продвинутый (углублённый)",
        "age_min": 5,
        "age_max": 9,
        "payment": "Бесплатно;По сертификату ПФДО",
        "format": "Очно-заочная",
        "ovz": "да",
        "rural": "да",
        "network": "да",
        "navigator_url": "https://navigator.example.ru/program/12345",
        "url": "http://testserver/programs/horeografiya/",
    }
    local_updated = timezone.localtime(rich_program.updated_at).replace(tzinfo=None)
    assert abs(updated - local_updated) < datetime.timedelta(seconds=1)


def test_xlsx_writes_false_flags_as_net(client):
    make_program(is_ovz_adapted=False, is_network=False)

    (record,) = xlsx_records(xlsx_sheet(client.get(export_url("xlsx"))))

    assert (record["ovz"], record["rural"], record["network"]) == ("нет", "нет", "нет")


@pytest.mark.parametrize("file_format", ["csv", "json", "xlsx"])
def test_direction_filter_applies_to_the_export(client, file_format):
    make_program(slug="dance", direction="art")
    make_program(slug="robots", direction="tech")

    assert exported_slugs(client, file_format, "direction=art") == ["dance"]


@pytest.mark.parametrize("file_format", ["csv", "json", "xlsx"])
def test_age_filter_applies_to_the_export(client, file_format):
    make_program(slug="little", age_min=3, age_max=6)
    make_program(slug="teen", age_min=12, age_max=17)

    assert exported_slugs(client, file_format, "age=5") == ["little"]


@pytest.mark.parametrize("file_format", ["csv", "json", "xlsx"])
def test_search_query_applies_to_the_export(client, file_format):
    make_program(slug="robots", title="Робототехника для начинающих")
    make_program(slug="choir", title="Хоровое пение")

    assert exported_slugs(client, file_format, "q=робототехника") == ["robots"]


def test_catalogue_filters_combine_in_the_export(client):
    rural = make_organization(locality="rural")
    make_program(slug="rural-free-ovz", organization=rural, is_ovz_adapted=True)
    make_program(
        slug="rural-paid-ovz",
        organization=rural,
        is_ovz_adapted=True,
        is_free=False,
        is_paid=True,
        price_per_month=1000,
    )
    make_program(slug="urban-free-ovz", is_ovz_adapted=True)
    make_program(slug="rural-free", organization=rural)

    assert exported_slugs(client, "csv", "rural=1&ovz=1&payment=free") == ["rural-free-ovz"]


@pytest.mark.parametrize("file_format", ["csv", "json", "xlsx"])
def test_drafts_archive_and_inactive_organizations_are_not_exported(client, file_format):
    make_program(slug="public")
    make_program(slug="draft", status=Program.Status.DRAFT)
    make_program(slug="archived", status=Program.Status.ARCHIVED)
    make_program(slug="closed-org", organization=make_organization(is_active=False))

    assert exported_slugs(client, file_format) == ["public"]


def test_unknown_format_is_not_found(client):
    make_program()

    assert client.get(export_url("pdf")).status_code == 404


def test_export_is_not_paginated(client):
    for n in range(45):  # more than two catalogue pages
        make_program(slug=f"program-page-{n:02}")

    assert json_document(client.get(export_url("json")))["count"] == 45
    assert len(csv_rows(client.get(export_url("csv")))) == 45


def test_formula_title_is_plain_text_in_xlsx(client):
    make_program(title=FORMULA)

    sheet = xlsx_sheet(client.get(export_url("xlsx")))

    assert sheet["C2"].value == FORMULA
    assert sheet["C2"].data_type == "s"


def test_formula_title_gets_a_leading_quote_in_csv(client):
    make_program(title=FORMULA)

    (row,) = csv_rows(client.get(export_url("csv")))

    assert row["title"] == "'" + FORMULA


def test_formula_title_is_unchanged_in_json(client):
    make_program(title=FORMULA)

    (record,) = json_document(client.get(export_url("json")))["programs"]

    assert record["title"] == FORMULA


def test_control_character_in_a_title_is_stripped_in_xlsx(client):
    make_program(title="Робо\x07техника")

    sheet = xlsx_sheet(client.get(export_url("xlsx")))

    assert sheet["C2"].value == "Роботехника"


@pytest.mark.parametrize("file_format", ["csv", "json", "xlsx"])
@pytest.mark.parametrize("program_count", [3, 30])
def test_query_count_does_not_grow_with_the_rows(
    client, django_assert_max_num_queries, navigator, file_format, program_count
):
    organization = make_organization()
    for n in range(program_count):
        make_program(organization=organization, levels=("start", "base"), navigator_id=str(n))

    with django_assert_max_num_queries(MAX_EXPORT_QUERIES):
        response = client.get(export_url(file_format, "direction=tech&sort=updated"))
        records = exported_records(response, file_format)

    assert len(records) == program_count
    levels = ("start;base", ["start", "base"], "Стартовый (ознакомительный);Базовый")
    assert all(record["levels"] in levels for record in records)


def test_xlsx_column_headed_page_address_holds_the_page_address(client, rich_program):
    sheet = xlsx_sheet(client.get(export_url("xlsx")))
    headers = [cell.value for cell in sheet[1]]
    address = sheet.cell(row=2, column=headers.index("Адрес страницы") + 1).value
    assert address == "http://testserver/programs/horeografiya/"


def test_csv_and_json_keep_the_codes_where_xlsx_shows_labels(client, rich_program):
    (row,) = csv_rows(client.get(export_url("csv")))
    (record,) = json_document(client.get(export_url("json")))["programs"]
    for exported in (row, record):
        assert exported["direction"] == "art"
        assert exported["format"] == "mixed"

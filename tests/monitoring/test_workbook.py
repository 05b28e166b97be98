import re
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from monitoring.services.submissions import get_or_create_submission, save_figures
from monitoring.services.workbook import WorkbookErrors, build_template, parse_upload
from monitoring.services.workbook.layout import FIRST_ROW, HEADER_ROW, META_TITLE, SHEET_TITLE
from tests.factories import make_organization, make_period, make_submission

pytestmark = pytest.mark.django_db

REQUIRED = {
    "children_total": 120,
    "children_tech_science": 30,
    "children_ovz": 5,
    "children_rural": 0,
    "children_hard_life": 2,
    "children_certificate": 90,
    "teachers_total": 12,
    "teachers_trained": 3,
    "events_total": 4,
    "event_participants": 200,
    # The breakdown adds up to children_total; tech + science = children_tech_science.
    "children_total:tech": 20,
    "children_total:science": 10,
    "children_total:art": 90,
}


def open_template(content):
    return load_workbook(BytesIO(content))


def row_of(sheet, code):
    for row in range(FIRST_ROW, sheet.max_row + 1):
        if sheet.cell(row, 1).value == code:
            return row
    raise AssertionError(f"no row {code}")


def filled(organization, period, values, workbook=None):
    """The template with `values` ({code: value}) typed into the value column, as bytes."""
    workbook = workbook or open_template(build_template(organization, period))
    sheet = workbook[SHEET_TITLE]
    for code, value in values.items():
        sheet.cell(row_of(sheet, code), 7).value = value
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def upload_errors(organization, period, values):
    return upload_errors_of(filled(organization, period, values), organization, period)


def upload_errors_of(content, organization, period=None):
    with pytest.raises(WorkbookErrors) as refused:
        parse_upload(content, organization, period or make_period(2026, 10))
    return refused.value.messages


def filled_without(organization, period, code):
    """The template filled with REQUIRED, with the row of `code` deleted."""
    workbook = open_template(build_template(organization, period))
    sheet = workbook[SHEET_TITLE]
    sheet.delete_rows(row_of(sheet, code))
    values = {key: value for key, value in REQUIRED.items() if key != code}
    return filled(organization, period, values, workbook)


# --- The template ---------------------------------------------------------------------------


def test_template_names_the_organization_and_the_period_on_top(organization, period):
    sheet = open_template(build_template(organization, period))[SHEET_TITLE]
    top = [sheet.cell(row, 1).value for row in range(1, HEADER_ROW)]
    assert "Организация: МБУ ДО «Краснохолмский Дом детского творчества»" in top
    assert any(text and text.startswith("Отчётный период: Октябрь 2026") for text in top)


def test_template_identifies_itself_on_a_very_hidden_sheet(organization, period):
    meta = open_template(build_template(organization, period))[META_TITLE]
    assert meta.sheet_state == "veryHidden"
    assert dict(meta.iter_rows(values_only=True)) == {
        "format": "1",
        "organization": organization.slug,
        "period": "2026-10",
        "version": 0,
    }


def test_template_lists_every_entered_indicator_and_direction(organization, period):
    sheet = open_template(build_template(organization, period))[SHEET_TITLE]
    codes = [sheet.cell(row, 1).value for row in range(FIRST_ROW, sheet.max_row + 1)]
    assert "children_total" in codes and "children_total:tourism" in codes
    assert "programs_total" not in codes
    tourism = row_of(sheet, "children_total:tourism")
    assert sheet.cell(tourism, 5).value == "Туристско-краеведческая"


def test_template_holds_last_months_and_the_drafts_values(organization, period):
    make_submission(organization, make_period(2026, 9), values={"children_total": 110})
    make_submission(organization, period, status="draft", values={"children_total": 120})
    sheet = open_template(build_template(organization, period))[SHEET_TITLE]
    row = row_of(sheet, "children_total")
    assert (sheet.cell(row, 6).value, sheet.cell(row, 7).value) == (110, 120)


def test_only_the_value_column_can_be_typed_in(organization, period):
    sheet = open_template(build_template(organization, period))[SHEET_TITLE]
    row = row_of(sheet, "children_total")
    assert sheet.protection.sheet
    assert not sheet.cell(row, 7).protection.locked
    assert sheet.cell(row, 3).protection.locked


def test_template_header_is_frozen_and_columns_have_widths(organization, period):
    sheet = open_template(build_template(organization, period))[SHEET_TITLE]
    assert sheet.freeze_panes == f"A{FIRST_ROW}"
    assert sheet.column_dimensions["C"].width == 60


def test_a_name_that_looks_like_a_formula_stays_text(period):
    organization = make_organization(full_name='=HYPERLINK("http://x")')
    sheet = open_template(build_template(organization, period))[SHEET_TITLE]
    assert sheet.cell(2, 1).data_type == "s"


# --- Reading it back ------------------------------------------------------------------------


def test_a_filled_template_gives_back_the_typed_figures(organization, period):
    values = {**REQUIRED, "group_size_average": 12.5}
    parsed = parse_upload(filled(organization, period, values), organization, period)
    assert parsed.figures[("children_total", None)] == Decimal(120)
    assert parsed.figures[("children_total", "tech")] == Decimal(20)
    assert parsed.figures[("group_size_average", None)] == Decimal("12.5")
    assert parsed.version == 0


def test_numbers_typed_as_text_with_a_comma_or_spaces_are_read(organization, period):
    values = {**REQUIRED, "event_participants": "1 200", "group_size_average": "12,5"}
    figures = parse_upload(filled(organization, period, values), organization, period).figures
    assert figures[("event_participants", None)] == Decimal(1200)
    assert figures[("group_size_average", None)] == Decimal("12.5")


def test_empty_cells_give_no_figure(organization, period):
    figures = parse_upload(filled(organization, period, REQUIRED), organization, period).figures
    assert ("winners_federal", None) not in figures
    assert ("children_total", "sport") not in figures


def test_the_template_remembers_the_reports_version(organization, period, admin_user):
    submission = get_or_create_submission(organization, period)
    save_figures(submission, {("children_total", None): Decimal(1)}, admin_user, 0)
    parsed = parse_upload(filled(organization, period, REQUIRED), organization, period)
    assert parsed.version == 1


def test_text_in_a_number_cell_is_named_by_sheet_row_and_column(organization, period):
    workbook = open_template(build_template(organization, period))
    row = row_of(workbook[SHEET_TITLE], "teachers_total")
    messages = upload_errors(organization, period, {**REQUIRED, "teachers_total": "абв"})
    assert messages == [f"Лист «Показатели», строка {row}, столбец G: „абв“ — не число"]


def test_a_negative_number_is_refused(organization, period):
    [message] = upload_errors(organization, period, {**REQUIRED, "events_total": -3})
    assert "столбец G: значение не может быть отрицательным (-3)" in message


def test_a_part_above_its_whole_is_refused(organization, period):
    [message] = upload_errors(organization, period, {**REQUIRED, "children_ovz": 121})
    assert "121 больше, чем «Число детей, занимающихся" in message
    assert "(120): часть не может превышать целое" in message


def test_a_direction_above_the_total_is_refused(organization, period):
    [message] = upload_errors(organization, period, {**REQUIRED, "children_total:art": 500})
    assert "500 больше, чем всего по этому показателю (120)" in message


def test_a_missing_required_indicator_is_refused(organization, period):
    values = {**REQUIRED}
    del values["teachers_total"]
    workbook = open_template(build_template(organization, period))
    row = row_of(workbook[SHEET_TITLE], "teachers_total")
    [message] = upload_errors(organization, period, values)
    assert message == (
        f"Лист «Показатели», строка {row}, столбец G: не заполнен обязательный показатель "
        "«Число педагогов дополнительного образования»"
    )


def test_a_deleted_row_of_a_required_indicator_is_refused(organization, period):
    content = filled_without(organization, period, "teachers_total")
    assert upload_errors_of(content, organization, period) == [
        "Лист «Показатели»: нет строки с кодом «teachers_total»: не заполнен обязательный "
        "показатель «Число педагогов дополнительного образования»"
    ]


def test_an_unknown_indicator_code_is_refused(organization, period):
    workbook = open_template(build_template(organization, period))
    sheet = workbook[SHEET_TITLE]
    sheet.cell(sheet.max_row + 1, 1).value = "made_up"
    sheet.cell(sheet.max_row, 7).value = 5
    [message] = upload_errors_of(filled(organization, period, REQUIRED, workbook), organization)
    assert message.endswith("столбец A: неизвестный код показателя «made_up»")


def test_every_error_is_listed_at_once_in_row_order(organization, period):
    values = {**REQUIRED, "teachers_total": "много", "children_ovz": 500, "events_total": -1}
    messages = upload_errors(organization, period, values)
    rows = [int(re.search(r"строка (\d+)", message).group(1)) for message in messages]
    assert len(rows) == 3
    assert rows == sorted(rows)


def test_a_template_of_another_organization_is_refused(organization, period):
    other = make_organization(short_name="МБОУ СОШ № 2")
    content = filled(other, period, REQUIRED)
    assert upload_errors_of(content, organization, period) == [
        "Шаблон заполнен для другой организации. Скачайте шаблон для "
        f"«{organization.short_name}» на странице её отчёта."
    ]


def test_a_template_of_another_period_is_refused(organization, period):
    content = filled(organization, make_period(2026, 9), REQUIRED)
    [message] = upload_errors_of(content, organization, period)
    assert message.startswith("Шаблон заполнен за другой период (2026-09)")


@pytest.mark.parametrize(
    "content", [b"name;value\nchildren_total;5\n", b"PK\x03\x04 broken zip", b""]
)
def test_a_file_that_is_not_xlsx_is_refused_with_one_clear_message(content, organization):
    [message] = upload_errors_of(BytesIO(content), organization)
    assert message.startswith("Файл не удалось прочитать как книгу Excel (.xlsx)")


def test_an_ordinary_workbook_without_the_templates_marks_is_refused(organization):
    workbook = load_workbook(filled(organization, make_period(2026, 10), REQUIRED))
    del workbook[META_TITLE]
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    [message] = upload_errors_of(buffer, organization)
    assert message.startswith("Это не шаблон портала")


def test_a_file_above_the_size_limit_is_refused(organization, monkeypatch):
    monkeypatch.setattr("monitoring.services.workbook.upload.MAX_UPLOAD_BYTES", 100)
    content = filled(organization, make_period(2026, 10), REQUIRED)
    [message] = upload_errors_of(content, organization)
    assert "это не шаблон отчёта" in message


def test_rows_beyond_the_limit_are_refused(organization, period, monkeypatch):
    monkeypatch.setattr("monitoring.services.workbook.upload.MAX_ROWS", 5)
    messages = upload_errors(organization, period, REQUIRED)
    assert messages[0] == "Лист «Показатели»: больше 5 строк: это не шаблон отчёта"

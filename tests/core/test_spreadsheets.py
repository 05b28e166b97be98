import datetime
import zipfile
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from moc_portal.core import spreadsheets
from moc_portal.core.spreadsheets import Column, Sheet, safe_csv_value

FORMULA = '=HYPERLINK("http://x")'


def build_xlsx_without_database(sheets):
    """The kernel's writer on its own: the page header given, not read from the settings."""
    return spreadsheets.build_xlsx(sheets, page_header="МОЦ")


def read_back(content):
    return load_workbook(BytesIO(content))


def one_sheet(columns, rows, title="Лист"):
    return read_back(build_xlsx_without_database([Sheet(title, columns, rows)]))[title]


def test_header_is_bold_and_frozen_above_the_rows():
    sheet = one_sheet([Column("Название"), Column("Возраст от")], [["Робототехника", 7]])

    assert [cell.value for cell in sheet[1]] == ["Название", "Возраст от"]
    assert all(cell.font.b for cell in sheet[1])
    assert not any(cell.font.b for cell in sheet[2])
    assert sheet.freeze_panes == "A2"


def test_column_widths_come_from_the_header():
    sheet = one_sheet([Column("A", width=42), Column("B", width=8)], [])

    assert sheet.column_dimensions["A"].width == 42
    assert sheet.column_dimensions["B"].width == 8


def test_number_format_applies_to_every_data_cell_of_its_column():
    sheet = one_sheet(
        [Column("Сумма", number_format="0.00"), Column("Текст")], [[1.5, "a"], [2, "b"]]
    )

    assert [cell.number_format for cell in sheet["A"][1:]] == ["0.00", "0.00"]
    assert [cell.number_format for cell in sheet["B"][1:]] == ["General", "General"]
    assert sheet["A1"].number_format == "General"


def test_text_starting_with_equals_is_stored_as_text_not_a_formula():
    content = build_xlsx_without_database([Sheet("Лист", [Column("Название")], [[FORMULA]])])

    cell = read_back(content)["Лист"]["A2"]
    assert cell.value == FORMULA
    assert cell.data_type == "s"
    with zipfile.ZipFile(BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml


@pytest.mark.parametrize("text", ["+7 900 000-00-00", "-1", "@SUM(A1)", "#N/A", "="])
def test_other_formula_or_error_like_text_is_kept_as_text(text):
    cell = one_sheet([Column("Текст")], [[text]])["A2"]

    assert cell.value == text
    assert cell.data_type == "s"


def test_characters_illegal_in_xml_are_stripped_and_tabs_and_newlines_kept():
    sheet = one_sheet([Column("Текст")], [["Ро\x07бо\x00то\x1f\ufffeтехника", "а\tб\nв"]])

    assert sheet["A2"].value == "Робототехника"
    assert sheet["B2"].value == "а\tб\nв"


def test_header_text_is_made_safe_too():
    sheet = one_sheet([Column("=1+1\x07")], [])

    assert sheet["A1"].value == "=1+1"
    assert sheet["A1"].data_type == "s"


def test_aware_datetime_is_written_in_local_time():
    moment = datetime.datetime(2026, 11, 23, 9, 30, tzinfo=datetime.UTC)
    sheet = one_sheet([Column("Обновлено", number_format="DD.MM.YYYY HH:MM")], [[moment]])

    expected = timezone.localtime(moment).replace(tzinfo=None)
    assert sheet["A2"].value == expected
    assert sheet["A2"].number_format == "DD.MM.YYYY HH:MM"


def test_numbers_booleans_and_empty_values_keep_their_types():
    sheet = one_sheet([Column("A"), Column("B"), Column("C"), Column("D")], [[7, 2.5, True, None]])

    assert [cell.value for cell in sheet[2]] == [7, 2.5, True, None]


def test_rows_may_be_a_generator_and_sheets_keep_their_order():
    def rows(n):
        for i in range(n):
            yield [f"строка {i}"]

    workbook = read_back(
        build_xlsx_without_database(
            [
                Sheet("Сводка", [Column("Показатель")], rows(2)),
                Sheet("Детали", [Column("Показатель")], rows(3)),
            ]
        )
    )

    assert workbook.sheetnames == ["Сводка", "Детали"]
    assert workbook["Сводка"].max_row == 3
    assert workbook["Детали"]["A4"].value == "строка 2"
    assert workbook["Детали"].freeze_panes == "A2"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+7 900", "'+7 900"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
    ],
)
def test_safe_csv_value_quotes_text_a_spreadsheet_would_evaluate(value, expected):
    assert safe_csv_value(value) == expected


@pytest.mark.parametrize("value", ["Робототехника", "a=b", "", 5, -1, None, True])
def test_safe_csv_value_leaves_other_values_alone(value):
    assert safe_csv_value(value) == value


@pytest.mark.parametrize(
    ("widths", "orientation"), [((40, 50), "portrait"), ((50, 50), "landscape")]
)
def test_a_sheet_prints_landscape_only_when_its_columns_are_wider_than_a_portrait_page(
    widths, orientation
):
    columns = [Column(f"Колонка {n}", width) for n, width in enumerate(widths)]
    sheet = one_sheet(columns, [["a", "b"]])
    assert sheet.page_setup.orientation == orientation


def test_the_header_row_below_the_title_rows_repeats_on_every_printed_page():
    content = spreadsheets.build_xlsx(
        [Sheet("Лист", [Column("Название")], [["x"]] * 3, title_rows=["МОЦ", "Октябрь"])],
        page_header="Дом & сад",
    )
    sheet = read_back(content)["Лист"]
    assert sheet.print_title_rows == "$3:$3"
    assert sheet["A3"].value == "Название"
    assert sheet.oddHeader.left.text == "Дом && сад"  # a literal & in Excel's header codes
    assert sheet.oddHeader.right.text == "Лист"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)

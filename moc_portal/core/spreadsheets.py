"""Writing spreadsheets that are safe to open: XLSX sheets and CSV cells for every export.

Public users type the titles that end up in these files, so:
- text never turns into a formula: in XLSX a string starting with `=` is stored as text
  (openpyxl would otherwise write it as a formula), and in CSV a value starting with
  `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'` (OWASP, CSV injection);
- a CSV is read by programs that split on other separators than ours (Excel in a Russian
  locale splits on `;`): every text field is quoted, and a formula start right after any
  separator a spreadsheet may split on gets the same `'`, so «Робот;=cmd|…» stays text;
- characters that XML forbids are stripped, so one stray control character cannot break
  the whole workbook.

XLSX is written in openpyxl's write-only mode: rows are consumed from any iterable
(a queryset iterator, a generator) and not kept in memory. A sheet may carry title rows
above its header (whose name, which period); the pane is frozen below the header and,
if asked, to the right of the first columns. Number formats are set per column, and a
single cell may override its column's with `Formatted` (a percent row in a summary).
Only cells that need a style or protection become cell objects: plain values go to
openpyxl as they are, which keeps big sheets close to openpyxl's own speed.

Every sheet prints (coordinators print these for the municipal education department): A4,
landscape when the columns are wider than a portrait page, scaled to one page wide, the
header row repeated on every page, the МОЦ's name and the sheet's title in the page header
and «Страница N из M» in the footer.
"""

import csv
import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from itertools import zip_longest

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, TYPE_ERROR, TYPE_FORMULA, TYPE_STRING
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Everything outside XML 1.0's Char production. A superset of openpyxl's own
# ILLEGAL_CHARACTERS_RE (C0 controls except tab/LF/CR), which also catches lone
# surrogates and U+FFFE/U+FFFF that would break the file in a different place.
XML_ILLEGAL_CHARACTERS_RE = re.compile(
    "[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A formula start after a character some spreadsheet program may split a line on.
CSV_FORMULA_AFTER_SEPARATOR_RE = re.compile(r"([,;|\t\r\n])([=+\-@])")
HEADER_FONT = Font(bold=True)
TITLE_FONT = Font(bold=True, size=13)
WRAPPED = Alignment(wrap_text=True, vertical="top")

# Number formats the exports share. Percentages are kept in percentage points (75.00 means
# 75 %, as the portal and the РМЦ's forms show them), so the sign is a literal, not Excel's
# scaling "%" format.
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
PERCENT_POINTS_FORMAT = '0.00"%"'


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, width in characters and Excel number format."""

    title: str
    width: float = 15
    number_format: str | None = None
    wrap_header: bool = False  # long headers (indicator names) wrap instead of widening


@dataclass(frozen=True)
class Formatted:
    """A cell value with its own number format, overriding its column's."""

    value: object
    number_format: str


@dataclass
class Sheet:
    """A sheet to write: title rows, a header of columns and the rows (any iterable, read once).

    The first title row is set in a larger bold font; an empty string leaves a row blank.
    `frozen_columns` columns stay in view when scrolling right.
    """

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]
    title_rows: Sequence[str] = ()
    frozen_columns: int = 0


# Column widths (in characters) that fit a portrait A4 page at 100 %; wider sheets print in
# landscape, and anything wider still is scaled down to one page wide.
PORTRAIT_WIDTH = 95
PAGE_NUMBERS = "Страница &P из &N"


def fit_width(texts, minimum=8, maximum=60):
    """A column width, in characters, that fits the longest of `texts` within the bounds."""
    longest = max((len(str(text)) for text in texts if text is not None), default=0)
    return max(minimum, min(maximum, longest + 2))


def strip_xml_illegal_characters(text):
    return XML_ILLEGAL_CHARACTERS_RE.sub("", text)


def safe_cell_value(value):
    """A value openpyxl can store: text cleaned of illegal characters, datetimes made naive.

    Excel has no time zones, so an aware datetime is written in the local time zone.
    Excel's numbers are doubles: a Decimal becomes a float here once, where openpyxl would
    convert it on every use.
    """
    if isinstance(value, str):
        return strip_xml_illegal_characters(value)
    if isinstance(value, Decimal):
        return excel_number(value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def excel_number(value):
    """A Decimal as Excel stores it: a whole number as int (no "500.0"), the rest as float."""
    if value is None or not isinstance(value, Decimal):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


def write_cell(worksheet, row, column, value):
    """Set one cell of an ordinary (not write-only) sheet with the same safety as the rows:
    text stays text, never a formula or an error code."""
    cell = worksheet.cell(row=row, column=column, value=safe_cell_value(value))
    if cell.data_type in (TYPE_FORMULA, TYPE_ERROR):
        cell.data_type = TYPE_STRING
    return cell


def safe_csv_value(value):
    """A CSV field that a spreadsheet program will not evaluate as a formula, whatever
    separator it splits the line on."""
    if not isinstance(value, str):
        return value
    value = CSV_FORMULA_AFTER_SEPARATOR_RE.sub(r"\1'\2", value)
    if value.startswith(CSV_FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_writer(stream):
    """A csv.writer for exports: text fields always quoted, numbers as they are.

    Write rows through `safe_csv_row`.
    """
    return csv.writer(stream, quoting=csv.QUOTE_NONNUMERIC)


def safe_csv_row(values):
    return [safe_csv_value(value) for value in values]


def write_sheet(workbook, sheet, *, page_header=""):
    """Add `sheet` to a write-only `workbook`: title rows, a bold header frozen in view,
    widths and formats per column, and its print setup (`page_header` on every page)."""
    worksheet = workbook.create_sheet(title=sheet.title)
    # Column widths and the frozen pane go into the sheet's header XML, which a
    # write-only sheet emits with its first row: set them before appending.
    for index, column in enumerate(sheet.columns, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = column.width
    first_data_row = len(sheet.title_rows) + 2
    worksheet.freeze_panes = f"{get_column_letter(sheet.frozen_columns + 1)}{first_data_row}"
    set_print_setup(worksheet, sheet, header_row=first_data_row - 1, page_header=page_header)

    for index, line in enumerate(sheet.title_rows):
        worksheet.append([_title_cell(worksheet, line, index == 0)] if line else [])
    worksheet.append([_header_cell(worksheet, column) for column in sheet.columns])
    number_formats = [column.number_format for column in sheet.columns]
    for row in sheet.rows:
        worksheet.append(
            [
                _data_cell(worksheet, value, number_format)
                for value, number_format in zip_longest(row, number_formats)
            ]
        )
    return worksheet


def set_print_setup(worksheet, sheet, *, header_row, page_header=""):
    """A4, landscape when wide, one page wide, the header row on every page, page numbers."""
    setup = worksheet.page_setup
    setup.paperSize = Worksheet.PAPERSIZE_A4
    wide = sum(column.width for column in sheet.columns) > PORTRAIT_WIDTH
    setup.orientation = Worksheet.ORIENTATION_LANDSCAPE if wide else Worksheet.ORIENTATION_PORTRAIT
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as the rows need
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    worksheet.print_title_rows = f"{header_row}:{header_row}"
    worksheet.page_margins.left = worksheet.page_margins.right = 0.4
    worksheet.oddHeader.left.text = _header_text(page_header)
    worksheet.oddHeader.right.text = _header_text(sheet.title)
    worksheet.oddFooter.center.text = PAGE_NUMBERS


def _header_text(text):
    # "&" starts a code in Excel's header language: a literal one is written twice.
    return strip_xml_illegal_characters(text).replace("&", "&&")[:120]


def build_xlsx(sheets, *, page_header=None):
    """The XLSX file, as bytes, with one sheet per item of `sheets` in their order.

    `page_header` tops every printed page; by default the МОЦ's name from the site settings.
    """
    if page_header is None:
        page_header = _site_name()
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        write_sheet(workbook, sheet, page_header=page_header)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _site_name():
    from moc_portal.models import SiteSettings  # the kernel's own model; read when writing

    return SiteSettings.load().moc_name


def _title_cell(worksheet, text, first):
    cell = _cell(worksheet, safe_cell_value(text))
    if first:
        cell.font = TITLE_FONT
    return cell


def _header_cell(worksheet, column):
    cell = _cell(worksheet, safe_cell_value(column.title))
    cell.font = HEADER_FONT
    if column.wrap_header:
        cell.alignment = WRAPPED
    return cell


def _data_cell(worksheet, value, number_format):
    """What to append for one value: the value itself when openpyxl may take it as it is,
    a cell object when it needs a number format or must be kept from becoming a formula.

    Runs once per cell of every export: plain values take the shortest way through.
    """
    if value is None:
        return None
    if type(value) is Formatted:
        value, number_format = value.value, value.number_format
    if isinstance(value, str):
        value = strip_xml_illegal_characters(value)
        if not (number_format or value.startswith("=") or value in ERROR_CODES):
            return value
        cell = _cell(worksheet, value)
    else:
        value = safe_cell_value(value)
        if not number_format or value is None:
            return value
        cell = WriteOnlyCell(worksheet, value=value)
    if number_format:
        cell.number_format = number_format
    return cell


def _cell(worksheet, value):
    cell = WriteOnlyCell(worksheet, value=value)
    if cell.data_type in (TYPE_FORMULA, TYPE_ERROR):
        # openpyxl reads "=…" as a formula and "#N/A" as an error code: keep them as typed.
        cell.data_type = TYPE_STRING
    return cell

"""Writing spreadsheets that are safe to open: XLSX sheets and CSV cells for every export.

Public users type the titles that end up in these files, so:
- text never turns into a formula: in XLSX a string starting with `=` is stored as text
  (openpyxl would otherwise write it as a formula), and in CSV a value starting with
  `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'` (OWASP, CSV injection);
- characters that XML forbids are stripped, so one stray control character cannot break
  the whole workbook.

XLSX is written in openpyxl's write-only mode: rows are consumed from any iterable
(a queryset iterator, a generator) and not kept in memory.
"""

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import TYPE_ERROR, TYPE_FORMULA, TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Everything outside XML 1.0's Char production. A superset of openpyxl's own
# ILLEGAL_CHARACTERS_RE (C0 controls except tab/LF/CR), which also catches lone
# surrogates and U+FFFE/U+FFFF that would break the file in a different place.
XML_ILLEGAL_CHARACTERS_RE = re.compile(
    "[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
HEADER_FONT = Font(bold=True)


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, width in characters and Excel number format."""

    title: str
    width: float = 15
    number_format: str | None = None


@dataclass
class Sheet:
    """A sheet to write: a header of columns and the rows (any iterable, read once)."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]


def strip_xml_illegal_characters(text):
    return XML_ILLEGAL_CHARACTERS_RE.sub("", text)


def safe_cell_value(value):
    """A value openpyxl can store: text cleaned of illegal characters, datetimes made naive.

    Excel has no time zones, so an aware datetime is written in the local time zone.
    """
    if isinstance(value, str):
        return strip_xml_illegal_characters(value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def safe_csv_value(value):
    """A CSV field that a spreadsheet program will not evaluate as a formula."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_PREFIXES):
        return "'" + value
    return value


def write_sheet(workbook, sheet):
    """Add `sheet` to a write-only `workbook`: bold frozen header, widths and formats per column."""
    worksheet = workbook.create_sheet(title=sheet.title)
    # Column widths and the frozen pane go into the sheet's header XML, which a
    # write-only sheet emits with its first row: set them before appending.
    for index, column in enumerate(sheet.columns, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = column.width
    worksheet.freeze_panes = "A2"

    worksheet.append([_header_cell(worksheet, column.title) for column in sheet.columns])
    number_formats = dict(enumerate(column.number_format for column in sheet.columns))
    for row in sheet.rows:
        worksheet.append(
            [
                _data_cell(worksheet, value, number_formats.get(index))
                for index, value in enumerate(row)
            ]
        )
    return worksheet


def build_xlsx(sheets):
    """The XLSX file, as bytes, with one sheet per item of `sheets` in their order."""
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        write_sheet(workbook, sheet)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header_cell(worksheet, title):
    cell = _data_cell(worksheet, title, None)
    cell.font = HEADER_FONT
    return cell


def _data_cell(worksheet, value, number_format):
    cell = WriteOnlyCell(worksheet, value=safe_cell_value(value))
    if cell.data_type in (TYPE_FORMULA, TYPE_ERROR):
        # openpyxl reads "=…" as a formula and "#N/A" as an error code: keep them as typed.
        cell.data_type = TYPE_STRING
    if number_format:
        cell.number_format = number_format
    return cell

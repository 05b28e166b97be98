"""Reading an uploaded spreadsheet (XLSX or CSV) into rows of text, refusing hostile files.

A file passes the kernel's one spreadsheet gate before openpyxl sees it
(`moc_portal.core.uploads.check_spreadsheet`: the ZIP-bomb check, then every part streamed
and counted: shared strings, rows, row numbers and gaps, cells, the declared dimension), so
a small crafted file cannot fill the memory or the time of a web worker: a 331 KB file of
millions of empty strings or rows thousands apart is refused in milliseconds with a Russian
message. CSV is read by the kernel's `read_csv` (UTF-8 or Windows-1251, the dialect
sniffed, rows and bytes capped).

The source is the bytes of the file or the path of the temporary file the upload was kept
in (programs.services.imports.storage); `stop_after` reads only the first rows, enough to
tell a small file (imported at once) from a big one (imported by the worker).
"""

import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from moc_portal.core.text import size_ru
from moc_portal.core.uploads import (
    CsvLimits,
    SpreadsheetLimits,
    SpreadsheetRefused,
    check_spreadsheet,
    read_csv,
)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the kernel's default upload limit
MAX_ROWS = 50_000
# A sheet formatted far below its data (Excel does that) ends after this many blank rows.
MAX_BLANK_RUN = 1000
MAX_COLUMNS = 200
# What an import file may hold: MAX_ROWS rows of up to 30 filled columns, with room to spare.
XLSX_LIMITS = SpreadsheetLimits(
    max_unpacked_bytes=64 * 1024 * 1024,
    max_parts=1000,
    max_sheets=50,
    max_rows=MAX_ROWS + MAX_BLANK_RUN + 1,
    max_columns=1024,
    max_blank_rows=MAX_BLANK_RUN,
    max_cells=1_500_000,
    max_strings=500_000,
    max_elements=4_000_000,
)
CSV_LIMITS = CsvLimits(
    max_bytes=MAX_UPLOAD_BYTES, max_rows=MAX_ROWS + MAX_BLANK_RUN + 1, max_columns=MAX_COLUMNS
)

XLSX_SIGNATURE = b"PK\x03\x04"


class ImportFileError(Exception):
    """A file that cannot be imported at all; the message is for the user, in Russian."""


@dataclass(frozen=True)
class Table:
    """The header and the data rows of a sheet; `rows` are (file line number, [cell text]).

    `complete` is False when reading stopped after `stop_after` rows."""

    header: list
    rows: list
    complete: bool = True


def read_table(source, filename="", stop_after=None):
    """A Table from an XLSX or CSV file (bytes or a path); ImportFileError if it is neither."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        size = path.stat().st_size
        with path.open("rb") as file:
            head = file.read(len(XLSX_SIGNATURE))
    else:
        path, size, head = None, len(source), source[: len(XLSX_SIGNATURE)]
    _check_size(size)
    if head == XLSX_SIGNATURE:
        if path is None:
            return _table(_xlsx_rows(io.BytesIO(source)), stop_after)
        with path.open("rb") as file:
            return _table(_xlsx_rows(file), stop_after)
    content = source if path is None else path.read_bytes()
    if filename.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")) or _looks_binary(content):
        raise ImportFileError(
            "Это не таблица: загрузите файл Excel (XLSX) или CSV. "
            "Старый формат XLS сохраните в Excel как XLSX."
        )
    return _table(_csv_rows(content), stop_after)


def _check_size(size, max_bytes=MAX_UPLOAD_BYTES):
    if not size:
        raise ImportFileError("Файл пустой.")
    if size > max_bytes:
        raise ImportFileError(
            f"Файл слишком большой: {size_ru(size)}, "
            f"можно не больше {max_bytes // 1024 // 1024} МБ."
        )


def _looks_binary(content):
    return b"\x00" in content[:4096]


def _gate(file):
    """The kernel's streaming check of an XLSX, its refusal as an ImportFileError."""
    try:
        check_spreadsheet(file, XLSX_LIMITS)
    except SpreadsheetRefused as refused:
        raise ImportFileError(refused.message) from None


def _xlsx_rows(file):
    from openpyxl import load_workbook

    _gate(file)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ImportFileError("Файл повреждён или это не таблица Excel (XLSX).") from error
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            yield [_cell_text(value) for value in values]
    except ImportFileError:
        raise
    except Exception as error:  # a read-only sheet is parsed while it is read
        raise ImportFileError("Файл повреждён или это не таблица Excel (XLSX).") from error
    finally:
        workbook.close()


def _csv_rows(content):
    try:
        for values in read_csv(content, CSV_LIMITS):
            yield [_csv_cell(value) for value in values]
    except SpreadsheetRefused as refused:
        raise ImportFileError(refused.message) from None


def _csv_cell(value):
    # Our own CSV exports put a ' before text that would start a formula: take it off again.
    value = value.strip()
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@":
        value = value[1:]
    return value


def _cell_text(value):
    """An XLSX cell as the text a person would type; numbers without a trailing .0."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value).strip()


def _table(rows, stop_after=None):
    """The first non-empty row is the header; blank rows are dropped but keep their numbers."""
    header, data, blank_run = None, [], 0
    for number, values in enumerate(rows, start=1):
        if not any(values):
            blank_run += 1
            if blank_run > MAX_BLANK_RUN:
                break
            continue
        blank_run = 0
        if header is None:
            header = values
            continue
        if stop_after is not None and len(data) >= stop_after:
            rows.close()
            return Table(header=header, rows=data, complete=False)
        data.append((number, values))
        if len(data) > MAX_ROWS:
            raise ImportFileError(
                f"В файле больше {MAX_ROWS} строк: разделите его на несколько файлов."
            )
    if header is None:
        raise ImportFileError("Файл пустой: в нём нет ни заголовка, ни строк.")
    return Table(header=header, rows=data)

"""Reading an uploaded spreadsheet (XLSX or CSV) into rows of text, refusing hostile files.

A file is checked before openpyxl sees it: its size, and for XLSX (a ZIP archive) the
size its parts would unpack to and their compression ratio, so a small "zip bomb" cannot
fill the memory of a web worker. `check_upload` is the one place for those checks, so the
kernel's upload validator (moc_portal.core.uploads) can replace it in one line.

CSV from Russian offices comes in UTF-8 (with or without a BOM) or in Windows-1251, with
`;` (a Russian Excel's default) or `,` between cells; both are recognized.
"""

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from moc_portal.core.text import size_ru

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the kernel's default upload limit
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ARCHIVE_ENTRIES = 5000
MAX_ROWS = 50_000
# A sheet formatted far below its data (Excel does that) ends after this many blank rows.
MAX_BLANK_RUN = 1000
MAX_COLUMNS = 200

XLSX_SIGNATURE = b"PK\x03\x04"
CSV_ENCODINGS = ("utf-8-sig", "cp1251")


class ImportFileError(Exception):
    """A file that cannot be imported at all; the message is for the user, in Russian."""


@dataclass(frozen=True)
class Table:
    """The header and the data rows of a sheet; `rows` are (file line number, [cell text])."""

    header: list
    rows: list


def check_upload(content, max_bytes=MAX_UPLOAD_BYTES):
    """Refuse a file that is empty, too big, or (for XLSX) unpacks to too much."""
    if not content:
        raise ImportFileError("Файл пустой.")
    if len(content) > max_bytes:
        raise ImportFileError(
            f"Файл слишком большой: {size_ru(len(content))}, "
            f"можно не больше {max_bytes // 1024 // 1024} МБ."
        )
    if content.startswith(XLSX_SIGNATURE):
        _check_archive(content)


def _check_archive(content):
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise ImportFileError("Файл повреждён: это не таблица Excel (XLSX).") from error
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    too_many = len(members) > MAX_ARCHIVE_ENTRIES
    if too_many or unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_COMPRESSION_RATIO:
        raise ImportFileError(
            "Файл после распаковки слишком большой; такие файлы не загружаются. "
            "Сохраните таблицу заново в Excel или разделите её на части."
        )


def read_table(content, filename=""):
    """A Table from the bytes of an XLSX or CSV file; ImportFileError if it is neither."""
    check_upload(content)
    if content.startswith(XLSX_SIGNATURE):
        rows = _xlsx_rows(content)
    elif filename.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")) or _looks_binary(content):
        raise ImportFileError(
            "Это не таблица: загрузите файл Excel (XLSX) или CSV. "
            "Старый формат XLS сохраните в Excel как XLSX."
        )
    else:
        rows = _csv_rows(content)
    return _table(rows)


def _looks_binary(content):
    return b"\x00" in content[:4096]


def _xlsx_rows(content):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ImportFileError("Файл повреждён или это не таблица Excel (XLSX).") from error
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            yield [_cell_text(value) for value in values]
    finally:
        workbook.close()


def _csv_rows(content):
    text = _decode(content)
    sample = text[:4096]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    if "\t" in sample and sample.count("\t") > sample.count(delimiter):
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for values in reader:
            yield [_csv_cell(value) for value in values[:MAX_COLUMNS]]
    except csv.Error as error:
        raise ImportFileError(f"Файл CSV не читается: {error}.") from error


def _decode(content):
    for encoding in CSV_ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        "Не удалось прочитать текст файла: сохраните CSV в кодировке UTF-8 или Windows-1251."
    )


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


def _table(rows):
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
        data.append((number, values))
        if len(data) > MAX_ROWS:
            raise ImportFileError(
                f"В файле больше {MAX_ROWS} строк: разделите его на несколько файлов."
            )
    if header is None:
        raise ImportFileError("Файл пустой: в нём нет ни заголовка, ни строк.")
    return Table(header=header, rows=data)

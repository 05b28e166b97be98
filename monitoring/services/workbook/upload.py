"""Reading back the template an organization filled: every problem at once, or the figures.

Reading checks every cell and reports every problem at once, in Russian, by sheet, row and
column; on any problem nothing is returned, so nothing is saved. A file filled for another
organization or month is refused, and so is one downloaded before someone else saved the
report (uploading it would silently undo their changes).
"""

import logging
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import Truncator
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from moc_portal.core.text import plural
from moc_portal.core.uploads import SpreadsheetLimits, SpreadsheetRefused, check_spreadsheet

from ..submissions import (
    entry_indicators,
    entry_rows,
    parse_number,
    validate_figures,
)
from .layout import (
    CODE_COLUMN,
    FIRST_ROW,
    FORMAT_VERSION,
    META_TITLE,
    SHEET_TITLE,
    VALUE_COLUMN,
)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
# A template is ~30 KB, one sheet of a few hundred cells, and the hidden «_meta» sheet. What
# an upload may unpack to and hold is checked by streaming it before openpyxl parses anything:
# an 80 KB file of ten million empty strings once kept a worker busy for 30 s at 750 MB.
TEMPLATE_LIMITS = SpreadsheetLimits(
    max_unpacked_bytes=2 * 1024 * 1024,
    max_parts=40,
    max_sheets=4,
    max_rows=MAX_ROWS + 50,
    max_cells=20_000,
    max_strings=10_000,
    max_elements=100_000,
)
# Messages quote what was typed, cut short: an 8 KB upload once produced a 22 MB error page.
QUOTED_CHARS = 40
MAX_MESSAGES = 50
logger = logging.getLogger(__name__)

NOT_A_TEMPLATE = (
    "Файл не является шаблоном отчёта: его не удалось прочитать. Скачайте шаблон на странице "
    "отчёта, заполните столбец «Значение» и загрузите файл ещё раз."
)
NOT_XLSX = (
    "Файл не удалось прочитать как книгу Excel (.xlsx). Скачайте шаблон на странице отчёта, "
    "заполните его и сохраните в формате «Книга Excel (.xlsx)»."
)


class WorkbookErrors(Exception):
    """The uploaded file was refused; `messages` lists every problem found, in Russian."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


@dataclass
class ParsedTemplate:
    figures: dict  # {(code, direction): Decimal}
    version: int  # the report's version when the template was downloaded


# --- Reading it back ------------------------------------------------------------------------


def parse_upload(file, organization, period):
    """The figures of a filled template; WorkbookErrors listing every problem otherwise."""
    workbook = _open(file)
    try:
        version = _check_identity(workbook, organization, period)
        if SHEET_TITLE not in workbook.sheetnames:
            raise WorkbookErrors([f"В файле нет листа «{SHEET_TITLE}»."])
        figures = _read_figures(workbook[SHEET_TITLE], organization, period)
    except WorkbookErrors:
        raise
    except Exception:
        # A read-only workbook parses its sheets lazily, while they are read: a truncated or
        # crafted sheet fails here (ParseError, ValueError, …), never as a 500.
        logger.warning("Unreadable monitoring template uploaded", exc_info=True)
        raise WorkbookErrors([NOT_A_TEMPLATE]) from None
    finally:
        workbook.close()
    return ParsedTemplate(figures=figures, version=version)


def _open(file):
    if _size(file) > MAX_UPLOAD_BYTES:
        raise WorkbookErrors(
            [f"Файл больше {MAX_UPLOAD_BYTES // (1024 * 1024)} МБ: это не шаблон отчёта."]
        )
    if not zipfile.is_zipfile(file):
        raise WorkbookErrors([NOT_XLSX])
    try:
        check_spreadsheet(file, TEMPLATE_LIMITS)
    except SpreadsheetRefused as refused:
        logger.warning("Monitoring template refused before parsing: %s", refused.code)
        raise WorkbookErrors([NOT_A_TEMPLATE]) from None
    file.seek(0)
    try:
        return load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl fails on broken files in many ways; any of them means "not XLSX"
        raise WorkbookErrors([NOT_XLSX]) from None


def _size(file):
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    file.seek(0)
    return size


def _check_identity(workbook, organization, period):
    """The report's version the template was made from, if it is this report's template."""
    if META_TITLE not in workbook.sheetnames:
        raise WorkbookErrors(
            [
                "Это не шаблон портала: в файле нет служебного листа. Скачайте шаблон "
                "на странице отчёта и заполните его."
            ]
        )
    meta = {
        str(name): value
        for name, value in workbook[META_TITLE].iter_rows(max_row=20, max_col=2, values_only=True)
        if name
    }
    if str(meta.get("format")) != FORMAT_VERSION:
        raise WorkbookErrors(["Шаблон устаревшего формата: скачайте его заново."])
    if meta.get("organization") != organization.slug:
        raise WorkbookErrors(
            [
                "Шаблон заполнен для другой организации. Скачайте шаблон "
                f"для «{organization.short_name}» на странице её отчёта."
            ]
        )
    if meta.get("period") != period.code:
        raise WorkbookErrors(
            [
                f"Шаблон заполнен за другой период ({meta.get('period')}), а этот отчёт — "
                f"за {period}. Скачайте шаблон за {period}."
            ]
        )
    version = meta.get("version")
    if isinstance(version, float) and version.is_integer():  # a spreadsheet program resaved it
        version = int(version)
    if not isinstance(version, int) or isinstance(version, bool):
        raise WorkbookErrors(["Служебный лист шаблона повреждён: скачайте шаблон заново."])
    return version


def _read_figures(sheet, organization, period):
    rows = {row.code: row for group in entry_rows(organization, period) for row in group.rows}
    reading = _SheetReading(sheet.title, rows)
    last_row = FIRST_ROW + MAX_ROWS - 1
    for number, cells in enumerate(
        sheet.iter_rows(min_row=FIRST_ROW, max_row=last_row + 1, values_only=True),
        start=FIRST_ROW,
    ):
        cells = (*cells, *[None] * VALUE_COLUMN)[:VALUE_COLUMN]
        if number > last_row:
            if any(_filled(cell) for cell in cells):
                reading.sheet_problem(f"больше {MAX_ROWS} строк: это не шаблон отчёта")
            break
        reading.read_row(number, cells[CODE_COLUMN - 1], cells[VALUE_COLUMN - 1])
    reading.check_rules(entry_indicators(period))
    if reading.problems:
        raise WorkbookErrors(reading.messages())
    return reading.figures


class _SheetReading:
    """What was read from the rows so far, and every problem found, with its place."""

    def __init__(self, title, rows):
        self.title = title
        self.rows = rows  # {code: EntryRow}
        self.figures = {}
        self.row_of = {}  # key -> row number
        self.unreadable = set()  # keys whose cell is not a number
        self.problems = []  # (row, column, message); row 0 for the whole sheet

    def read_row(self, number, raw_code, raw_value):
        if not _filled(raw_code):
            if _filled(raw_value):
                self.problem(number, CODE_COLUMN, "нет кода показателя — не меняйте столбец «Код»")
            return
        code = str(raw_code).strip()
        row = self.rows.get(code)
        if row is None:
            self.problem(number, CODE_COLUMN, f"неизвестный код показателя «{quoted(code)}»")
            return
        if row.key in self.row_of:
            self.problem(
                number, CODE_COLUMN, f"показатель «{code}» уже есть в строке {self.row_of[row.key]}"
            )
            return
        self.row_of[row.key] = number
        try:
            value = cell_number(raw_value)
        except ValueError:
            self.unreadable.add(row.key)
            self.problem(number, VALUE_COLUMN, f"„{quoted(raw_value)}“ — не число")
            return
        if value is not None:
            self.figures[row.key] = value

    def check_rules(self, indicators):
        for error in validate_figures(self.figures, indicators, require_all=True):
            if error.key in self.unreadable:
                continue
            number = self.row_of.get(error.key)
            if number is None:
                self.sheet_problem(f"нет строки с кодом «{error.key[0]}»: {error.message}")
            else:
                self.problem(number, VALUE_COLUMN, error.message)

    def problem(self, row, column, message):
        self.problems.append((row, column, message))

    def sheet_problem(self, message):
        self.problems.append((0, 0, message))

    def messages(self):
        ordered = sorted(self.problems, key=lambda p: p[:2])
        shown = [self._place(row, column) + message for row, column, message in ordered]
        if len(shown) > MAX_MESSAGES:
            hidden = len(shown) - MAX_MESSAGES
            more = plural(hidden, "ошибка", "ошибки", "ошибок")
            shown = [*shown[:MAX_MESSAGES], f"…и ещё {more}: исправьте эти и загрузите снова."]
        return shown

    def _place(self, row, column):
        if not row:
            return f"Лист «{self.title}»: "
        return f"Лист «{self.title}», строка {row}, столбец {get_column_letter(column)}: "


def quoted(value):
    """What was typed, cut short for a message."""
    return Truncator(str(value)).chars(QUOTED_CHARS)


def cell_number(raw):
    """A cell's number: Excel's own, or text typed the Russian way; None for an empty cell."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int | float | Decimal):
        return parse_number(str(raw))
    if isinstance(raw, str):
        return parse_number(raw)
    raise ValueError(raw)  # dates, times and anything else


def _filled(value):
    return value is not None and not (isinstance(value, str) and not value.strip())


def stale_template_message(error):
    """What to say when the template is older than the report (a ConcurrentEditError)."""
    return (
        f"Отчёт изменил(а) {error.who} {error.when}, уже после того как был скачан этот шаблон. "
        "Файл не загружен, чтобы не затереть эти изменения: скачайте шаблон заново — "
        "в нём будут текущие данные — и перенесите в него свои."
    )

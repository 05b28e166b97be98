"""The one gate for every spreadsheet the portal reads back (the program import, monitoring
templates, the РМЦ's forms): an XLSX is checked by streaming, before openpyxl builds anything.

openpyxl trusts a file: it loads every shared string into memory, pads the gaps between rows
and up to the declared dimension with empty cells, and makes a cell for every position of a
merged range. So each XML part is streamed out of the ZIP (never trusting the sizes its
directory claims) and counted as it goes by, stopping at the first limit crossed:

- first in C, on the raw bytes of the whole part: tags, shared strings, rows and cells
  written the usual way (no prefix), so 9.5 million `<si/>` in a 331 KB file cost
  milliseconds;
- then by expat (through defusedxml: a DTD, entity or external reference is refused), which
  counts every element exactly and reads the row and cell numbers, the declared dimension
  and merged ranges: rows far apart, a cell in column XFD or a sheet that claims a million
  rows are refused before openpyxl would fill them in.

The file is rewound. Raises SpreadsheetRefused, a Russian message with `code` saying which
check failed.
"""

import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from xml.parsers.expat import ExpatError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from .archives import check_archive
from .errors import SpreadsheetRefused, UploadRefused


@dataclass(frozen=True)
class SpreadsheetLimits:
    """What a spreadsheet the portal reads back may hold. The defaults fit a monthly
    template (~30 KB, one sheet of a few hundred cells) ten times over."""

    max_unpacked_bytes: int = 5 * 1024 * 1024
    max_parts: int = 100
    max_sheets: int = 10
    max_rows: int = 5_000  # rows in all sheets, and the highest row number of any
    max_columns: int = 256  # the highest column number of any cell
    max_blank_rows: int = 1_000  # row numbers skipped between rows, per sheet
    max_cells: int = 50_000
    max_strings: int = 20_000
    # XML elements in all parts together (a cell is 2–4 of them): bounds the parser's time.
    max_elements: int = 250_000


READ_CHUNK = 64 * 1024
BROKEN = "Файл повреждён или это не таблица Excel (XLSX); сохраните её в Excel заново."
TOO_BIG = (
    "Таблица слишком велика или устроена подозрительно ({what}); такие файлы не читаются. "
    "Сохраните таблицу заново в Excel, удалите пустые строки или разделите её на части."
)
WHAT = {
    "parts": "слишком много частей",
    "sheets": "слишком много листов",
    "unpacked": "слишком большой объём после распаковки",
    "zip_bomb": "слишком большой объём после распаковки",
    "too_many_row": "слишком много строк",
    "too_many_c": "слишком много ячеек",
    "too_many_si": "слишком много строк текста",
    "too_many_*": "слишком много элементов",
    "row_number": "строка со слишком большим номером",
    "column_number": "ячейка слишком далеко справа",
    "row_gap": "слишком много пустых строк между строками",
    "dimension": "объявленный размер листа слишком велик",
    "merged": "слишком много объединённых ячеек",
}
MESSAGES = {
    "broken": BROKEN,
    "macros": "Таблица содержит макросы; сохраните её как обычную книгу Excel (.xlsx).",
    "dtd": (
        "В файле есть объявления DTD или сущностей, которых в таблицах Excel не бывает; "
        "сохраните таблицу заново в Excel."
    ),
}
# Unprefixed tags counted on the raw bytes: (counter key, the byte patterns that open one).
FAST_TAGS = (
    ("si", (b"<si>", b"<si/", b"<si ")),
    ("row", (b"<row>", b"<row/", b"<row ")),
    ("c", (b"<c>", b"<c/", b"<c ")),
)
CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


def refused(code, **details):
    message = MESSAGES.get(code) or TOO_BIG.format(what=WHAT.get(code, code))
    return SpreadsheetRefused(message, code=code, params=details or None)


def check_spreadsheet(file, limits=SpreadsheetLimits()):
    """Refuse an XLSX that is not a plain spreadsheet within `limits`; the file is rewound."""
    try:
        check_archive(file)
    except UploadRefused as error:
        raise refused(error.code) from None
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            if len(entries) > limits.max_parts:
                raise refused("parts")
            sheets = [e for e in entries if _is_part(e, "xl/worksheets/", ".xml")]
            if len(sheets) > limits.max_sheets:
                raise refused("sheets")
            counter = _Counter(limits)
            for entry in entries:
                if entry.is_dir():
                    continue
                if entry.filename.endswith((".xml", ".rels", ".vml")):
                    counter.scan(archive, entry)
                else:
                    for _ in counter.chunks(archive, entry):
                        pass
    except SpreadsheetRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise refused("broken") from None
    except RuntimeError:  # an encrypted member
        raise refused("broken") from None
    finally:
        file.seek(0)


def _is_part(entry, folder, suffix):
    return entry.filename.startswith(folder) and entry.filename.endswith(suffix)


@lru_cache(maxsize=4096)
def _column_number(letters):
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _cell(ref):
    """(row, column) of «B12» / «$B$12»; None for anything else."""
    match = CELL_REF.match(ref or "")
    return (int(match[2]), _column_number(match[1])) if match else None


class _Counter:
    """Counts one workbook's parts against the limits; raises at the first one crossed."""

    def __init__(self, limits):
        self.limits = limits
        self.budget = limits.max_unpacked_bytes
        self.exact = {"row": 0, "c": 0, "si": 0}
        self.caps = {"row": limits.max_rows, "c": limits.max_cells, "si": limits.max_strings}
        self.elements = 0
        self.local_names = {}
        self.fast = {"row": 0, "c": 0, "si": 0}
        self.tags = 0
        self.merged = 0

    def chunks(self, archive, entry):
        with archive.open(entry) as stream:
            while chunk := stream.read(READ_CHUNK):
                self.budget -= len(chunk)
                if self.budget < 0:
                    raise refused("unpacked")
                yield chunk

    def scan(self, archive, entry):
        """Two passes over one XML part: the raw bytes counted in C first (a flood of tags
        is refused before any Python runs per element), then expat for the exact counts."""
        for chunk in self.chunks(archive, entry):
            self._count_fast(chunk)
        expat = DefusedXMLParser(forbid_dtd=True).parser
        expat.ordered_attributes = False
        expat.StartElementHandler = self._start
        # Only element starts are needed: no Python call for text, ends and the rest
        # (the DTD, entity and external-reference guards are their own handlers and stay).
        expat.EndElementHandler = None
        expat.CharacterDataHandler = None
        # Without a data handler expat hands «&amp;» to ElementTree's default handler, which
        # calls it undefined: every sheet with an «&» would be refused as broken. So no
        # default handler at all (and none for comments or processing instructions).
        expat.DefaultHandlerExpand = None
        expat.DefaultHandler = None
        expat.CommentHandler = None
        expat.ProcessingInstructionHandler = None
        self.last_row = 0
        self.skipped = 0
        try:
            with archive.open(entry) as stream:  # its size was counted by the first pass
                while chunk := stream.read(READ_CHUNK):
                    expat.Parse(chunk, False)
            expat.Parse(b"", True)
        except DefusedXmlException:
            raise refused("dtd") from None
        except ExpatError:
            raise refused("broken") from None

    def _count_fast(self, chunk):
        self.tags += chunk.count(b"<")
        if self.tags > 2 * self.limits.max_elements + 1000:
            raise refused("too_many_*")
        for key, patterns in FAST_TAGS:
            self.fast[key] += sum(chunk.count(pattern) for pattern in patterns)
            if self.fast[key] > self.caps[key]:
                raise refused(f"too_many_{key}")

    def _start(self, name, attributes):
        self.elements += 1
        if self.elements > self.limits.max_elements:
            raise refused("too_many_*")
        local = self.local_names.get(name)
        if local is None:  # "{namespace}c" → "c", once per name
            local = self.local_names[name] = name.rpartition("}")[2]
        if local in self.exact:
            self.exact[local] += 1
            if self.exact[local] > self.caps[local]:
                raise refused(f"too_many_{local}")
            if local == "row":
                self._row(attributes.get("r"))
            elif local == "c":
                self._cell_within(attributes.get("r"))
        elif local == "dimension":
            for ref in attributes.get("ref", "").split(":"):
                self._within(_cell(ref), code="dimension")
        elif local == "mergeCell":
            self._merge(attributes.get("ref", ""))

    def _row(self, number):
        number = int(number) if number and number.isdigit() else self.last_row + 1
        if number > self.limits.max_rows:
            raise refused("row_number")
        self.skipped += max(number - self.last_row - 1, 0)
        if self.skipped > self.limits.max_blank_rows:
            raise refused("row_gap")
        self.last_row = number

    def _cell_within(self, ref):
        """A cell's own address (openpyxl places the cell by it): the hot path, kept short."""
        match = ref and CELL_REF.match(ref)
        if match:
            if int(match[2]) > self.limits.max_rows:
                raise refused("row_number")
            if _column_number(match[1]) > self.limits.max_columns:
                raise refused("column_number")

    def _within(self, cell, code=None):
        if cell is None:
            return
        row, column = cell
        if row > self.limits.max_rows:
            raise refused(code or "row_number")
        if column > self.limits.max_columns:
            raise refused(code or "column_number")

    def _merge(self, ref):
        corners = [_cell(part) for part in ref.split(":")]
        if len(corners) != 2 or None in corners:
            return
        for corner in corners:
            self._within(corner, code="merged")
        (top, left), (bottom, right) = corners
        self.merged += (abs(bottom - top) + 1) * (abs(right - left) + 1)
        if self.merged > self.limits.max_cells:
            raise refused("merged")

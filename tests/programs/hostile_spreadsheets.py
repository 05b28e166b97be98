"""The two import files of the attacker's probe (issue 17, item 1), rebuilt for the tests.

- `empty_strings_bomb()`: 331 KB of XLSX holding 9.5 million `<si/>` (empty shared strings),
  padded with incompressible bytes so that what its directory declares (≈ 48 MB unpacked, a
  ratio of ≈ 145) passes a plain ZIP-bomb check; openpyxl would build every string.
- `row_gap_sheet()`: a 10 KB XLSX (the probe's was 33 KB) whose 330 rows stand 999 apart; openpyxl's
  reader fills every gap with empty rows (330,000 of them).
"""

import io
import random
import zipfile
from functools import lru_cache

from openpyxl import Workbook

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRINGS_RELATION = (
    '<Relationship Id="rIdStrings" Target="sharedStrings.xml" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>'
)
STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)


def _workbook(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewritten(content, replace, extra=()):
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item.filename, replace.get(item.filename, data))
        for name, data, method in extra:
            target.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buffer.getvalue()


@lru_cache(maxsize=1)
def empty_strings_bomb(strings=9_500_000, size=331 * 1024):
    content = _workbook([["Название", "Организация"], ["Шахматы", "ДДТ"]])
    bomb = (
        f'<sst xmlns="{MAIN}" count="{strings}" uniqueCount="{strings}">'.encode()
        + b"<si/>" * strings
        + b"</sst>"
    )
    # openpyxl writes text inline: the strings part and its two references are added.
    source = zipfile.ZipFile(io.BytesIO(content))
    replace = {
        "xl/_rels/workbook.xml.rels": source.read("xl/_rels/workbook.xml.rels").replace(
            b"</Relationships>", STRINGS_RELATION.encode()
        ),
        "[Content_Types].xml": source.read("[Content_Types].xml").replace(
            b"</Types>", STRINGS_TYPE.encode()
        ),
    }
    strings = [("xl/sharedStrings.xml", bomb, zipfile.ZIP_DEFLATED)]
    packed = _rewritten(content, replace, extra=strings)
    padding = random.Random(17).randbytes(max(size - len(packed) - 200, 0))
    return _rewritten(
        content, replace, extra=[*strings, ("docProps/thumbnail.bin", padding, zipfile.ZIP_STORED)]
    )


@lru_cache(maxsize=1)
def row_gap_sheet(rows=330, gap=999):
    content = _workbook([["Название"]])
    cells = "".join(
        f'<row r="{1 + n * gap}"><c r="A{1 + n * gap}" t="inlineStr"><is><t>Строка {n}</t>'
        f'</is></c><c r="B{1 + n * gap}"><v>{n}</v></c></row>'
        for n in range(rows)
    )
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
        f"{cells}</sheetData></worksheet>"
    ).encode()
    return _rewritten(content, {"xl/worksheets/sheet1.xml": sheet})

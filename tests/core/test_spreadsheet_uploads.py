"""The one spreadsheet gate: hostile files are refused before openpyxl builds anything.

Every hostile file is generated here. Times are compared with a baseline measured in the
same test (openpyxl reading a small, honest workbook), so a loaded machine slows both.
"""

import io
import os
import time
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from moc_portal.core.uploads import (
    SpreadsheetLimits,
    SpreadsheetRefused,
    UploadRefused,
    check_spreadsheet,
    spreadsheets,
)

SHEET = "xl/worksheets/sheet1.xml"
DEFAULT = SpreadsheetLimits()
MAIN_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def real_xlsx(rows=50, blank_every=0):
    workbook = Workbook()
    sheet = workbook.active
    for row in range(1, rows + 1):
        if blank_every and row % blank_every == 0:
            sheet.append([])
            continue
        sheet.append([f"code_{row}", "Показатель", row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def crafted_xlsx(parts, compression=zipfile.ZIP_DEFLATED):
    """A minimal package with the given {name: bytes} parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name, content in parts.items():
            archive.writestr(name, content)
    buffer.seek(0)
    return buffer


def sheet(rows_xml, head=b""):
    return (
        b"<worksheet "
        + MAIN_NS
        + b">"
        + head
        + b"<sheetData>"
        + rows_xml
        + b"</sheetData></worksheet>"
    )


def strings_bomb():
    """Issue 17's file: 9.5 million <si/> in ~331 KB, padded with random bytes so that its
    declared unpacked size and overall ratio pass a whole-archive check (ratio < 200)."""
    strings = b"<sst " + MAIN_NS + b">" + b"<si/>" * 9_500_000 + b"</sst>"
    return crafted_xlsx(
        {
            "xl/sharedStrings.xml": strings,
            SHEET: sheet(b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
            "xl/media/padding.bin": os.urandom(285 * 1024),
        }
    )


def row_gap_file():
    """Issue 17's other file: a few KB of rows 999 apart (openpyxl fills every gap)."""
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="n"><v>%d</v></c></row>' % (n, n, n)
        for n in range(1, 1000 * 999, 999)
    )
    return crafted_xlsx({SHEET: sheet(rows)})


def baseline_seconds():
    """What openpyxl takes to read an honest 2,000-row workbook on this machine, now."""
    honest = real_xlsx(2000)
    started = time.perf_counter()
    workbook = load_workbook(honest, read_only=True)
    for _ in workbook.active.iter_rows(values_only=True):
        pass
    workbook.close()
    return time.perf_counter() - started


def refused_quickly(file, limits=DEFAULT):
    baseline = baseline_seconds()
    started = time.perf_counter()
    with pytest.raises(SpreadsheetRefused) as refused:
        check_spreadsheet(file, limits)
    elapsed = time.perf_counter() - started
    # Under a second; on a loaded machine, well under reading an honest 2,000-row file.
    assert elapsed < max(1.0, baseline / 2), (elapsed, baseline)
    assert file.tell() == 0
    return refused.value


IMPORT_LIKE = SpreadsheetLimits(
    max_unpacked_bytes=64 * 1024 * 1024,
    max_rows=51_001,
    max_columns=1024,
    max_cells=1_500_000,
    max_strings=500_000,
    max_elements=4_000_000,
)


def test_a_real_spreadsheet_passes_and_is_rewound():
    file = real_xlsx()
    check_spreadsheet(file)
    assert file.tell() == 0


def test_text_with_ampersands_and_a_printed_header_passes():
    """«&» is written as «&amp;» in cells, shared strings and the print header: no entity."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Робототехника & ИИ", 'Р&Д <школа> "Юнга"'])
    sheet.oddHeader.left.text = "МОЦ && Ко"
    sheet.print_title_rows = "1:1"
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    check_spreadsheet(buffer)
    assert load_workbook(buffer).active["A1"].value == "Робототехника & ИИ"


def test_a_real_sheet_with_some_blank_rows_passes():
    check_spreadsheet(real_xlsx(400, blank_every=7))


def test_the_padded_strings_bomb_is_small_and_is_refused_fast():
    file = strings_bomb()
    assert len(file.getvalue()) < 400 * 1024
    with zipfile.ZipFile(file) as archive:  # what a whole-archive check saw: it passed
        infos = archive.infolist()
    ratio = sum(i.file_size for i in infos) / sum(i.compress_size for i in infos)
    assert ratio < 200
    file.seek(0)
    refused = refused_quickly(file, IMPORT_LIKE)
    assert refused.code in {"zip_bomb", "too_many_si"}
    assert refused.message == spreadsheets.refused(refused.code).message  # said for people


def test_strings_that_pass_the_archive_check_are_counted_and_refused_fast():
    # Each entry compresses less than 100:1: only counting the strings finds them.
    block = b"<si/>" * 40 + b"<si><t>%s</t></si>"
    strings = b"".join(block % os.urandom(8).hex().encode() for _ in range(15_000))
    file = crafted_xlsx({"xl/sharedStrings.xml": b"<sst>" + strings + b"</sst>"})
    assert refused_quickly(file, IMPORT_LIKE).code == "too_many_si"


def test_prefixed_strings_are_counted_exactly():
    strings = b'<x:sst xmlns:x="urn:x">' + b"<x:si/>" * 30_000 + b"</x:sst>"
    file = crafted_xlsx({"xl/sharedStrings.xml": strings})
    assert refused_quickly(file).code == "too_many_si"


def test_rows_far_apart_are_refused_fast():
    file = row_gap_file()
    assert len(file.getvalue()) < 60 * 1024
    assert refused_quickly(file, IMPORT_LIKE).code in {"row_gap", "row_number"}


@pytest.mark.parametrize(
    ("head", "rows", "code"),
    [
        (b'<dimension ref="A1:XFD1048576"/>', b"<row/>", "dimension"),
        (b"", b'<row r="1"><c r="XFD1"><v>1</v></c></row>', "column_number"),
        (b"", b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>', "row_number"),
    ],
    ids=["declared-dimension", "far-column", "far-row"],
)
def test_huge_declared_or_used_dimensions_are_refused(head, rows, code):
    assert refused_quickly(crafted_xlsx({SHEET: sheet(rows, head)})).code == code


def test_a_huge_merged_range_is_refused():
    body = sheet(b"<row/>").replace(
        b"</worksheet>", b'<mergeCells><mergeCell ref="A1:IV4000"/></mergeCells></worksheet>'
    )
    assert refused_quickly(crafted_xlsx({SHEET: body})).code == "merged"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (sheet(b"<row/>" * 6000), "too_many_row"),
        (sheet(b"<row>" + b"<c/>" * 60000 + b"</row>"), "too_many_c"),
        (b"<w><sheetData><row><c><v>1</v></c>", "broken"),  # truncated
        (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]><w>&a;</w>', "dtd"),
        (b'<?xml version="1.0"?><!DOCTYPE w SYSTEM "file:///etc/passwd"><w/>', "dtd"),
        (b"<w>" + b" " * (6 * 1024 * 1024) + b"</w>", "unpacked"),
        (b"<w>" + b"<a/>" * 300_000 + b"</w>", "too_many_*"),
    ],
    ids=["rows", "cells", "truncated", "entities", "external-dtd", "unpacked", "elements"],
)
def test_crafted_sheets_are_refused_with_the_reason_in_russian(body, code):
    refused = refused_quickly(crafted_xlsx({SHEET: body}, zipfile.ZIP_STORED))
    assert refused.code == code
    assert any(word in refused.message for word in ("Таблица", "Файл", "DTD"))


def test_unpacking_stops_at_the_byte_budget_whatever_the_part():
    file = crafted_xlsx({"xl/media/blob.bin": os.urandom(6 * 1024 * 1024)})
    with pytest.raises(SpreadsheetRefused) as refused:
        check_spreadsheet(file, SpreadsheetLimits(max_unpacked_bytes=5 * 1024 * 1024))
    assert refused.value.code == "unpacked"


def test_the_gate_uses_the_one_archive_check():
    bomb = crafted_xlsx({"xl/media/zeros.bin": b"\0" * (8 * 1024 * 1024)})
    with pytest.raises(UploadRefused) as refused:
        check_spreadsheet(bomb, SpreadsheetLimits(max_unpacked_bytes=64 * 1024 * 1024))
    assert refused.value.code == "zip_bomb"


def test_not_a_zip_is_refused_as_broken():
    with pytest.raises(SpreadsheetRefused) as refused:
        check_spreadsheet(io.BytesIO(b"PK\x03\x04 not really"))
    assert refused.value.code == "broken"

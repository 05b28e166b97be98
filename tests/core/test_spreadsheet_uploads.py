"""Spreadsheets read back by the portal are checked by streaming before openpyxl builds them."""

import io
import time
import zipfile

import pytest
from openpyxl import Workbook

from moc_portal.core.uploads import SpreadsheetLimits, SpreadsheetRefused, check_spreadsheet


def real_xlsx(rows=50):
    workbook = Workbook()
    sheet = workbook.active
    for row in range(1, rows + 1):
        sheet.append([f"code_{row}", "Показатель", row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def crafted_xlsx(parts):
    """A minimal package with the given {name: bytes} parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name, content in parts.items():
            archive.writestr(name, content)
    buffer.seek(0)
    return buffer


def test_a_real_spreadsheet_passes_and_is_rewound():
    file = real_xlsx()
    check_spreadsheet(file)
    assert file.tell() == 0


def test_ten_million_empty_strings_in_80_kb_are_refused_in_well_under_a_second():
    strings = b"<sst>" + b"<si/>" * 10_000_000 + b"</sst>"
    file = crafted_xlsx({"xl/sharedStrings.xml": strings, "xl/worksheets/sheet1.xml": b"<w/>"})
    assert len(file.getvalue()) < 200 * 1024
    started = time.monotonic()
    with pytest.raises(SpreadsheetRefused) as refused:
        check_spreadsheet(file)
    assert time.monotonic() - started < 3  # about 50 ms alone; the CI machine is shared
    assert refused.value.code == "too_many_si"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"<w><sheetData>" + b"<row/>" * 6000 + b"</sheetData></w>", "too_many_row"),
        (b"<w><sheetData><row>" + b"<c/>" * 60000 + b"</row></sheetData></w>", "too_many_c"),
        (b"<w><sheetData><row><c><v>1</v></c>", "broken"),  # truncated
        (
            b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]><w>&a;</w>',
            "dtd",
        ),
        (b"<w>" + b" " * (6 * 1024 * 1024) + b"</w>", "unpacked"),
    ],
    ids=["rows", "cells", "truncated", "entities", "unpacked"],
)
def test_crafted_sheets_are_refused_with_the_reason(body, code):
    file = crafted_xlsx({"xl/worksheets/sheet1.xml": body})
    with pytest.raises(SpreadsheetRefused) as refused:
        check_spreadsheet(file)
    assert refused.value.code == code


def test_unpacking_stops_at_the_byte_budget_whatever_the_part():
    file = crafted_xlsx({"xl/media/blob.bin": b"\0" * (6 * 1024 * 1024)})
    with pytest.raises(SpreadsheetRefused) as refused:
        check_spreadsheet(file, SpreadsheetLimits(max_unpacked_bytes=5 * 1024 * 1024))
    assert refused.value.code == "unpacked"


def test_not_a_zip_is_refused_as_broken():
    with pytest.raises(SpreadsheetRefused) as refused:
        check_spreadsheet(io.BytesIO(b"PK\x03\x04 not really"))
    assert refused.value.code == "broken"

"""The РМЦ form upload passes the kernel's spreadsheet gate before openpyxl builds it."""

import io
import time
import zipfile

import pytest

from monitoring.services.rmc import validate_rmc_form

from .helpers import rmc_form_workbook, xlsx

pytestmark = pytest.mark.django_db


def with_merged_range(content, ref):
    """The form with one more merged range (openpyxl's normal mode builds all its cells)."""
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"</mergeCells>", f'<mergeCell ref="{ref}"/></mergeCells>'.encode()
                )
            target.writestr(info, data)
    return out.getvalue()


def test_an_honest_form_passes_the_gate():
    assert validate_rmc_form(xlsx(rmc_form_workbook())) == []


def test_a_form_merging_a_million_cells_is_refused_in_russian_before_openpyxl():
    hostile = with_merged_range(xlsx(rmc_form_workbook()), "E1:XFD1048576")
    started = time.perf_counter()
    problems = validate_rmc_form(hostile)
    assert time.perf_counter() - started < 1.0
    assert len(problems) == 1 and problems[0].startswith("Таблица слишком велика")

"""The program import reads a file only after the kernel's spreadsheet gate let it through."""

import time

import pytest

from programs.services.import_files import ImportFileError, read_table
from tests.core.test_spreadsheet_uploads import baseline_seconds, row_gap_file, strings_bomb


@pytest.mark.parametrize("make", [strings_bomb, row_gap_file], ids=["strings", "row-gaps"])
def test_issue_17_files_are_refused_fast_with_a_russian_message(make):
    content = make().getvalue()
    baseline = baseline_seconds()
    started = time.perf_counter()
    with pytest.raises(ImportFileError, match="Таблица слишком велика"):
        read_table(content, "programs.xlsx")
    elapsed = time.perf_counter() - started
    assert elapsed < max(1.0, baseline / 2), (elapsed, baseline)


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [("Название;Возраст от\nШахматы;7\n", ";"), ("Название,Возраст от\nШахматы,7\n", ",")],
)
def test_csv_dialect_is_sniffed(text, delimiter):
    table = read_table(text.encode("cp1251"), "programs.csv")
    assert table.header == ["Название", "Возраст от"]
    assert table.rows == [(2, ["Шахматы", "7"])]


def test_csv_rows_are_capped_while_reading(monkeypatch):
    from moc_portal.core.uploads import CsvLimits
    from programs.services import import_files

    monkeypatch.setattr(import_files, "CSV_LIMITS", CsvLimits(max_rows=10))
    content = ("Название\n" + "Шахматы\n" * 20).encode()
    with pytest.raises(ImportFileError, match="больше 10 строк"):
        read_table(content, "programs.csv")

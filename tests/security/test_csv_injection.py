"""CSV formula injection: an export opened in a spreadsheet never evaluates a visitor's text,
whatever separator the program splits on (Excel in a Russian locale splits on `;`)."""

import csv
import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from moc_portal.core.spreadsheets import csv_writer, safe_csv_row, safe_csv_value
from tests.factories import make_program

HOSTILE_TITLES = [
    "Робот;=cmd|' /C calc'!A0",
    "Робот,=1+1",
    "Робот|+1+1",
    "Робот\t@SUM(1;2)",
    '=HYPERLINK("http://evil.example";"x")',
    "-2+3",
]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Робот;=cmd|' /C calc'!A0", "Робот;'=cmd|' /C calc'!A0"),
        ("a,+1", "a,'+1"),
        ("a|-1", "a|'-1"),
        ("a\t@x", "a\t'@x"),
        ("=1;=2", "'=1;'=2"),
    ],
)
def test_a_formula_start_after_any_separator_is_neutralised(value, expected):
    assert safe_csv_value(value) == expected


def test_text_fields_are_quoted_and_numbers_are_not():
    buffer = io.StringIO()
    csv_writer(buffer).writerow(safe_csv_row([7, "Робот;=1+1", "1"]))
    assert buffer.getvalue() == '7,"Робот;\'=1+1","1"\r\n'


def test_the_export_keeps_a_hostile_title_in_one_quoted_field(client, db):
    make_program(title=HOSTILE_TITLES[0], slug="robot")
    response = client.get(reverse("programs:export", args=["csv"]))
    text = response.content.decode("utf-8-sig")
    assert "\"Робот;'=cmd|' /C calc'!A0\"" in text
    (row,) = list(csv.DictReader(io.StringIO(text, newline="")))
    assert row["title"] == "Робот;'=cmd|' /C calc'!A0"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed here")
@pytest.mark.parametrize(("separator", "code"), [(";", 59), (",", 44), ("|", 124), ("tab", 9)])
def test_libreoffice_opens_the_export_without_a_single_formula(
    client, db, tmp_path, separator, code
):
    for number, title in enumerate(HOSTILE_TITLES):
        make_program(title=title, slug=f"hostile-{number}")
    response = client.get(reverse("programs:export", args=["csv"]))
    source = tmp_path / "programs.csv"
    source.write_bytes(response.content)

    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            f"--infilter=CSV:{code},34,76",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    sheet = load_workbook(tmp_path / "programs.xlsx").active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert cells, "LibreOffice read nothing"
    formulas = [cell.value for cell in cells if cell.data_type == "f"]
    assert formulas == []

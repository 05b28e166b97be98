"""The РМЦ's own XLSX form: its placeholders, their validation, the filled copy, the preview.

Placeholders (in any text cell, several per cell allowed):
    {{children_total}}          municipal total of an indicator
    {{children_total:tech}}     its value for one direction (indicators with a breakdown)
    {{coverage_total:target}}   the indicator's target for the period's year
    {{period}}, {{year}}, {{moc_name}}, {{municipality}}
A cell that is exactly one placeholder gets a number (keeping the form's number format);
a placeholder inside text is replaced as text. A missing value leaves it empty.

The form is filled in openpyxl's normal mode (not write-only) so that its styles, formulas,
merged cells and column widths survive; images and charts do not (openpyxl drops them).
"""

import re
from dataclasses import dataclass
from io import BytesIO
from zipfile import BadZipFile

from django.db import transaction
from openpyxl import load_workbook
from openpyxl.cell.cell import TYPE_FORMULA, TYPE_STRING
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.properties import CalcProperties

from moc_portal.core.spreadsheets import excel_number, safe_cell_value
from moc_portal.core.text import number_ru
from moc_portal.core.uploads import SpreadsheetLimits, SpreadsheetRefused, check_spreadsheet
from moc_portal.models import SiteSettings
from programs.models import Direction

from ...models import Indicator, RmcForm

# A form is a few sheets of a few hundred cells; it is read in openpyxl's normal mode, which
# builds every cell (and every cell of a merged range), so it passes the kernel's gate first.
RMC_FORM_LIMITS = SpreadsheetLimits(
    max_unpacked_bytes=10 * 1024 * 1024,
    max_parts=200,
    max_sheets=20,
    max_rows=5_000,
    max_columns=256,
    max_cells=100_000,
    max_strings=50_000,
    max_elements=500_000,
)
PLACEHOLDER_RE = re.compile(r"\{\{\s*([^{}:\s]+)\s*(?::\s*([^{}:\s]+)\s*)?\}\}")
TARGET = "target"
SPECIAL_PLACEHOLDERS = {
    "period": lambda figures, site: figures.period.name,
    "year": lambda figures, site: figures.period.year,
    "moc_name": lambda figures, site: site.moc_name,
    "municipality": lambda figures, site: site.municipality,
}


@dataclass(frozen=True)
class Placeholder:
    sheet: str
    cell: str
    text: str  # as written in the form, e.g. "{{children_total:tech}}"
    name: str
    qualifier: str | None

    @property
    def where(self):
        return f"Лист «{self.sheet}», ячейка {self.cell}"


@dataclass(frozen=True)
class PreviewRow:
    sheet: str
    cell: str
    placeholder: str
    value: object  # a number, a text or None (the cell stays empty)


def placeholders_in(workbook):
    """Every placeholder of a workbook, in sheet and cell order."""
    found = []
    for sheet, cell in _text_cells(workbook):
        for match in PLACEHOLDER_RE.finditer(cell.value):
            name, qualifier = match.groups()
            found.append(Placeholder(sheet.title, cell.coordinate, match.group(0), name, qualifier))
    return found


def validate_rmc_form(file):
    """Russian error messages about an uploaded form; an empty list when it can be used."""
    try:
        workbook = _load(file)
    except SpreadsheetRefused as refused:
        return [refused.message]
    except (BadZipFile, InvalidFileException, KeyError, TypeError, ValueError, OSError):
        return ["Файл не удалось открыть как книгу Excel (XLSX). Сохраните форму в формате .xlsx."]
    placeholders = placeholders_in(workbook)
    if not placeholders:
        return [
            "В форме нет ни одной подстановки вида {{код_показателя}}: "
            "отметьте ячейки, куда записывать значения."
        ]
    breakdowns = dict(Indicator.objects.values_list("code", "by_direction"))
    directions = set(Direction.objects.values_list("code", flat=True))
    errors = []
    for placeholder in placeholders:
        problem = _placeholder_problem(placeholder, breakdowns, directions)
        if problem:
            errors.append(f"{placeholder.where}: {problem} ({placeholder.text}).")
    return errors


def fill_rmc_form(form_file, figures):
    """A filled copy of the form, as XLSX bytes, with its styles, formulas and merged cells."""
    workbook = _load(form_file)
    site = SiteSettings.load()
    for _sheet, cell in _text_cells(workbook):
        whole = PLACEHOLDER_RE.fullmatch(cell.value.strip())
        if whole:
            value = _resolve(whole.group(1), whole.group(2), figures, site)
            _set_cell(cell, excel_number(value))
        else:
            _set_cell(
                cell,
                PLACEHOLDER_RE.sub(
                    lambda match: _as_text(_resolve(*match.groups(), figures, site)), cell.value
                ),
            )
    # Formulas that refer to the filled cells have no cached results: let Excel and
    # LibreOffice compute them when the file is opened.
    workbook.calculation = CalcProperties(fullCalcOnLoad=True)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def preview_rmc_form(form_file, figures):
    """Which cell gets which value: [PreviewRow(sheet, cell, placeholder, value), …]."""
    site = SiteSettings.load()
    return [
        PreviewRow(
            p.sheet, p.cell, p.text, excel_number(_resolve(p.name, p.qualifier, figures, site))
        )
        for p in placeholders_in(_load(form_file))
    ]


def activate_rmc_form(form):
    """Make `form` the one used by the export (None: go back to our own layout)."""
    with transaction.atomic():
        RmcForm.objects.filter(is_active=True).exclude(pk=getattr(form, "pk", None)).update(
            is_active=False
        )
        if form is not None:
            RmcForm.objects.filter(pk=form.pk).update(is_active=True)


def _load(file):
    """The form's workbook, once the spreadsheet gate has let it through."""
    if isinstance(file, bytes):
        content = file
    elif hasattr(file, "read"):
        if hasattr(file, "seek"):
            file.seek(0)
        content = file.read()
        if hasattr(file, "seek"):
            file.seek(0)  # an upload is read again when it is saved
    else:
        with open(file, "rb") as stored:
            content = stored.read()
    check_spreadsheet(BytesIO(content), RMC_FORM_LIMITS)
    return load_workbook(BytesIO(content))


def _text_cells(workbook):
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if cell.data_type == TYPE_STRING and isinstance(value, str) and "{{" in value:
                    yield sheet, cell


def _placeholder_problem(placeholder, breakdowns, directions):
    name, qualifier = placeholder.name, placeholder.qualifier
    if name in SPECIAL_PLACEHOLDERS:
        return f"у подстановки «{name}» не бывает уточнения «{qualifier}»" if qualifier else None
    if name not in breakdowns:
        return f"неизвестный показатель «{name}»"
    if qualifier is None or qualifier == TARGET:
        return None
    if qualifier not in directions:
        return f"неизвестная направленность «{qualifier}»"
    if not breakdowns[name]:
        return f"у показателя «{name}» нет разбивки по направленностям"
    return None


def _resolve(name, qualifier, figures, site):
    if name in SPECIAL_PLACEHOLDERS and qualifier is None:
        return SPECIAL_PLACEHOLDERS[name](figures, site)
    if qualifier == TARGET:
        return figures.targets.get(name)
    return figures.total(name, qualifier)


def _as_text(value):
    value = excel_number(value)
    if value is None:
        return ""
    if isinstance(value, float):  # figures have at most two decimal places
        return number_ru(value, 2, trim=True)
    return str(value)


def _set_cell(cell, value):
    cell.value = safe_cell_value(value)
    if cell.data_type == TYPE_FORMULA:
        # A text value that starts with "=" (a name typed in the admin) stays text.
        cell.data_type = TYPE_STRING

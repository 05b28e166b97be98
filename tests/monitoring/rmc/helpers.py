"""Helpers of the РМЦ export tests."""

from io import BytesIO

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

MOC_NAME = "МОЦ Краснохолмского муниципального округа"
RMC = ["rmc@example.ru", "rmc-copy@example.ru"]
XLSX_FORM = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(workbook):
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_back(content):
    return load_workbook(BytesIO(content))


def stored(export):
    with export.file.open("rb") as file:
        return file.read()


def rows_by_code(sheet):
    return {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}


def rmc_form_workbook():
    """A РМЦ form the way a region sends it: a merged title, styles, a formula, placeholders."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Форма 1-МОЦ"
    sheet["A1"] = "Мониторинг за {{period}}: {{moc_name}}"
    sheet.merge_cells("A1:D1")
    sheet["A3"], sheet["B3"] = "Всего детей", "{{children_total}}"
    sheet["B3"].font = Font(bold=True, color="FFC00000")
    sheet["B3"].fill = PatternFill("solid", fgColor="FFFFFF00")
    sheet["B3"].number_format = "#,##0"
    sheet["A4"], sheet["B4"] = "Техническая", "{{ children_total:tech }}"
    sheet["A5"], sheet["B5"] = "Прочие", "=B3-B4"
    sheet["A6"], sheet["B6"] = "Охват, %", "{{coverage_total}}"
    sheet["C6"] = "{{coverage_total:target}}"
    sheet["A7"] = "Охват {{coverage_total}} % при цели {{coverage_total:target}} %"
    sheet["A8"], sheet["B8"] = "Дети с ОВЗ", "{{children_ovz}}"
    sheet.column_dimensions["A"].width = 42
    workbook.create_sheet("Пояснения")["A1"] = "Год: {{year}}, {{municipality}}"
    return workbook

"""Writing the template an organization fills offline: the figures' rows and «_meta»."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from moc_portal.core.spreadsheets import (
    HEADER_FONT,
    TITLE_FONT,
    WRAPPED,
    excel_number,
    safe_cell_value,
    write_cell,
)
from moc_portal.models import SiteSettings

from ..submissions import entry_rows, find_submission
from .layout import (
    CODE_COLUMN,
    COLUMNS,
    FIRST_ROW,
    FORMAT_VERSION,
    HEADER_ROW,
    META_TITLE,
    SHEET_TITLE,
    VALUE_COLUMN,
)

MUTED_FONT = Font(color="808080", size=9)
TO_FILL = PatternFill("solid", start_color="FFF2CC")


def build_template(organization, period):
    """The XLSX, as bytes: the organization's rows for the period, last month's values beside."""
    submission = find_submission(organization, period)
    groups = entry_rows(submission or organization, period)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    moc_name = SiteSettings.load().moc_name
    _write_heading(sheet, moc_name, organization, period)
    _write_rows(sheet, groups)
    _protect(sheet)
    _write_meta(workbook, organization, period, submission.version if submission else 0)
    workbook.properties.creator = safe_cell_value(moc_name)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_heading(sheet, moc_name, organization, period):
    write_cell(sheet, 1, 1, moc_name).font = TITLE_FONT
    write_cell(sheet, 2, 1, f"Организация: {organization.full_name}").font = HEADER_FONT
    write_cell(sheet, 3, 1, f"Отчётный период: {period}, срок сдачи — {period.deadline:%d.%m.%Y}")
    write_cell(
        sheet,
        4,
        1,
        "Заполните жёлтый столбец «Значение». Пустая ячейка — нет данных. Числа можно "
        "писать с запятой (12,5) и с пробелами (1 200). Не меняйте столбец «Код».",
    )
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        header = write_cell(sheet, HEADER_ROW, index, column.title)
        header.font = HEADER_FONT
        header.alignment = WRAPPED
    sheet.freeze_panes = sheet.cell(row=FIRST_ROW, column=1)


def _write_rows(sheet, groups):
    number = HEADER_ROW
    for group in groups:
        for row in group.rows:
            number += 1
            write_cell(sheet, number, CODE_COLUMN, row.code).font = MUTED_FONT
            write_cell(sheet, number, 2, group.name)
            write_cell(sheet, number, 3, row.indicator.name).alignment = Alignment(wrap_text=True)
            write_cell(sheet, number, 4, row.indicator.unit)
            write_cell(sheet, number, 5, row.direction.name if row.direction else "")
            write_cell(sheet, number, 6, excel_number(row.previous))
            value = write_cell(sheet, number, VALUE_COLUMN, excel_number(row.value))
            value.fill = TO_FILL
            value.protection = Protection(locked=False)
    if number >= FIRST_ROW:
        sheet.add_data_validation(_non_negative(FIRST_ROW, number))


def _non_negative(first_row, last_row):
    column = get_column_letter(VALUE_COLUMN)
    validation = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Неверное значение",
        error="Введите неотрицательное число.",
    )
    validation.add(f"{column}{first_row}:{column}{last_row}")
    return validation


def _protect(sheet):
    """Only the value column can be typed in; no password, so a user can still unprotect."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _write_meta(workbook, organization, period, version):
    meta = workbook.create_sheet(META_TITLE)
    for row in [
        ("format", FORMAT_VERSION),
        ("organization", organization.slug),
        ("period", period.code),
        ("version", version),
    ]:
        meta.append(row)
    meta.sheet_state = "veryHidden"

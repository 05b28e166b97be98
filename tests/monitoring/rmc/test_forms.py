import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from monitoring.selectors.aggregation import collect_period
from monitoring.services import rmc

from .helpers import rmc_form_workbook, xlsx

pytestmark = pytest.mark.django_db


def test_a_valid_form_passes_validation():
    assert rmc.validate_rmc_form(xlsx(rmc_form_workbook())) == []


def test_unknown_indicators_and_directions_are_refused_with_a_list_in_russian():
    workbook = rmc_form_workbook()
    sheet = workbook.active
    sheet["D3"] = "{{children_totl}}"
    sheet["D4"] = "Итого: {{children_total:space}}"
    sheet["D5"] = "{{coverage_total:tech}}"
    sheet["D6"] = "{{period:tech}}"

    errors = rmc.validate_rmc_form(xlsx(workbook))

    assert errors == [
        "Лист «Форма 1-МОЦ», ячейка D3: неизвестный показатель «children_totl» "
        "({{children_totl}}).",
        "Лист «Форма 1-МОЦ», ячейка D4: неизвестная направленность «space» "
        "({{children_total:space}}).",
        "Лист «Форма 1-МОЦ», ячейка D5: у показателя «coverage_total» нет разбивки по "
        "направленностям ({{coverage_total:tech}}).",
        "Лист «Форма 1-МОЦ», ячейка D6: у подстановки «period» не бывает уточнения «tech» "
        "({{period:tech}}).",
    ]


def test_a_file_that_is_not_xlsx_is_refused():
    errors = rmc.validate_rmc_form(SimpleUploadedFile("form.xlsx", b"not a workbook"))

    assert len(errors) == 1
    assert "XLSX" in errors[0]


def test_a_form_without_placeholders_is_refused():
    workbook = Workbook()
    workbook.active["A1"] = "Просто таблица"

    assert "нет ни одной подстановки" in rmc.validate_rmc_form(xlsx(workbook))[0]


def test_preview_shows_which_cell_gets_which_value(october):
    rows = rmc.preview_rmc_form(xlsx(rmc_form_workbook()), collect_period(october))

    shown = {(row.sheet, row.cell, row.placeholder): row.value for row in rows}
    assert shown[("Форма 1-МОЦ", "A1", "{{period}}")] == "октябрь 2026"
    assert shown[("Форма 1-МОЦ", "B3", "{{children_total}}")] == 750
    assert shown[("Форма 1-МОЦ", "B4", "{{ children_total:tech }}")] == 150
    assert shown[("Форма 1-МОЦ", "C6", "{{coverage_total:target}}")] == 80.5
    assert shown[("Форма 1-МОЦ", "B8", "{{children_ovz}}")] is None
    assert len(rows) == 11

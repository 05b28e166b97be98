import datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook

from monitoring.models import MonitoringSettings, Submission
from monitoring.selectors.aggregation import collect_period
from monitoring.services import rmc

from .helpers import MOC_NAME, read_back, rmc_form_workbook, rows_by_code, xlsx

pytestmark = pytest.mark.django_db
MOSCOW = ZoneInfo("Europe/Moscow")


# Our own layout ---------------------------------------------------------------------------


def test_default_export_has_totals_breakdowns_targets_and_the_late_organizations(october):
    workbook = read_back(rmc.build_default_export(collect_period(october)))

    assert workbook.sheetnames == ["Показатели", "Не сдали", "Не приняты", "Сведения"]
    indicators = rows_by_code(workbook["Показатели"])
    assert indicators["children_total"][5] == 750
    assert indicators["children_total:tech"][5] == 150
    assert indicators["children_total:tech"][3] == "Техническая"
    assert indicators["coverage_total"][5:7] == (75, 80.5)
    assert indicators["children_ovz"][5] is None
    missing = [row[0] for row in workbook["Не сдали"].iter_rows(min_row=2, values_only=True)]
    assert missing == ["Клуб «Юность»", "Школа № 1"]
    about = dict(workbook["Сведения"].iter_rows(min_row=2, values_only=True))
    assert about["Отчётный период"] == "октябрь 2026"
    assert about["МОЦ"] == MOC_NAME
    assert (about["Организаций"], about["Сдали отчёт"], about["Не сдали"]) == (4, 2, 2)


def test_default_export_names_reports_not_yet_accepted_and_carries_the_months_rates(october):
    sent = {
        "ДДТ «Солнышко»": datetime.datetime(2026, 11, 5, 18, 0, tzinfo=MOSCOW),  # by the due date
        "ДЮСШ «Звезда»": datetime.datetime(2026, 11, 20, 9, 0, tzinfo=MOSCOW),  # after the grace
    }
    for name, moment in sent.items():
        Submission.objects.filter(period=october, organization__short_name=name).update(
            first_submitted_at=moment
        )
    MonitoringSettings.objects.update_or_create(pk=1, defaults={"grace_days": 3})

    workbook = read_back(rmc.build_default_export(collect_period(october)))

    waiting = list(workbook["Не приняты"].iter_rows(min_row=2, values_only=True))
    assert waiting == [("ДДТ «Солнышко»", "5 ноября 2026", "Отправлен")]
    about = dict(workbook["Сведения"].iter_rows(min_row=2, values_only=True))
    # Four organizations: two sent (one in time, one late), a draft and nothing.
    assert about["Сдали отчёт, % организаций"] == 50
    assert about["Сдали в срок, % организаций"] == 25


# The РМЦ's form ---------------------------------------------------------------------------


def test_filled_form_gets_numbers_where_a_cell_is_one_placeholder(october):
    sheet = read_back(rmc.fill_rmc_form(xlsx(rmc_form_workbook()), collect_period(october)))[
        "Форма 1-МОЦ"
    ]

    assert sheet["B3"].value == 750
    assert sheet["B4"].value == 150
    assert sheet["B6"].value == 75
    assert sheet["C6"].value == 80.5
    assert sheet["B8"].value is None  # nobody reported it: empty, not zero


def test_placeholders_inside_text_are_replaced_as_text(october):
    workbook = read_back(rmc.fill_rmc_form(xlsx(rmc_form_workbook()), collect_period(october)))

    assert workbook["Форма 1-МОЦ"]["A1"].value == f"Мониторинг за октябрь 2026: {MOC_NAME}"
    assert workbook["Форма 1-МОЦ"]["A7"].value == "Охват 75 % при цели 80,5 %"
    assert workbook["Пояснения"]["A1"].value == "Год: 2026, Краснохолмский муниципальный округ"


def test_filled_form_keeps_styles_formulas_merged_cells_and_widths(october):
    workbook = read_back(rmc.fill_rmc_form(xlsx(rmc_form_workbook()), collect_period(october)))
    sheet = workbook["Форма 1-МОЦ"]

    assert sheet["B3"].font.b is True
    assert sheet["B3"].font.color.rgb == "FFC00000"
    assert sheet["B3"].fill.fgColor.rgb == "FFFFFF00"
    assert sheet["B3"].number_format == "#,##0"
    assert sheet["B5"].data_type == "f"
    assert sheet["B5"].value == "=B3-B4"
    assert [str(cells) for cells in sheet.merged_cells.ranges] == ["A1:D1"]
    assert sheet.column_dimensions["A"].width == 42
    assert workbook.calculation.fullCalcOnLoad is True  # the formula is computed on opening


def test_a_name_that_looks_like_a_formula_is_written_as_text(october, site):
    site.moc_name = '=HYPERLINK("http://x")'
    site.save()
    workbook = Workbook()
    workbook.active["A1"] = "{{moc_name}}"

    cell = read_back(rmc.fill_rmc_form(xlsx(workbook), collect_period(october))).active["A1"]

    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x")'

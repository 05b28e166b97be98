"""The import's columns for the enrolment window, the places and the ПФДО costs (issue 20),
with the Госуслуги exchange's names (orderFrom, orderTo, size) as aliases; and back out."""

import datetime
from decimal import Decimal

import pytest

from programs.models import Program
from programs.services.export_rows import program_rows
from programs.services.imports import import_programs
from tests.programs.test_import import HEADER, csv_bytes, errors_of, xlsx

pytestmark = pytest.mark.django_db

ROW = ["Юный техник", "ДДТ Красный Холм", "техническая", "базовый", 7, 12]


def test_window_places_and_costs_are_imported(organization):
    content = xlsx(
        [
            HEADER
            + ["Оплата", "Запись с", "orderTo", "size", "Свободных мест"]
            + ["Стоимость модуля", "Нормативная стоимость", "Число месяцев реализации"],
            ROW + ["по сертификату", "15.04.2027", "2027-05-31", 20, 5, "9 000", "7200,50", 9],
        ]
    )
    result = import_programs(content, filename="programs.xlsx")
    assert errors_of(result) == []
    program = Program.objects.get()
    assert (program.enrollment_from, program.enrollment_to) == (
        datetime.date(2027, 4, 15),
        datetime.date(2027, 5, 31),
    )
    assert (program.places_total, program.places_available) == (20, 5)
    assert (program.certificate_cost, program.normative_cost, program.cost_months) == (
        Decimal("9000.00"),
        Decimal("7200.50"),
        9,
    )
    [header, row] = list(program_rows(Program.objects.all()))
    exported = dict(zip(header, row, strict=True))
    assert exported["Запись с"] == "15.04.2027" and exported["Мест всего"] == 20


@pytest.mark.parametrize(
    ("columns", "values"),
    [
        (["Запись с"], ["31 мая"]),
        (["Запись с", "Запись до"], ["01.06.2027", "01.05.2027"]),
        (["Мест всего", "Свободных мест"], [5, 9]),
    ],
)
def test_a_wrong_window_or_places_is_refused_with_its_row(organization, columns, values):
    result = import_programs(csv_bytes([HEADER + columns, ROW + values]), filename="p.csv")
    assert result.errors and not Program.objects.exists()
    assert any(error.row == 2 for error in result.errors), errors_of(result)

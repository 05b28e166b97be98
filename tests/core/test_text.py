import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from moc_portal.core import text


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "0 программ"),
        (1, "1 программа"),
        (2, "2 программы"),
        (4, "4 программы"),
        (5, "5 программ"),
        (11, "11 программ"),
        (12, "12 программ"),
        (14, "14 программ"),
        (21, "21 программа"),
        (22, "22 программы"),
        (101, "101 программа"),
        (111, "111 программ"),
        (1024, "1024 программы"),
    ],
)
def test_plural_agrees_with_the_number(count, expected):
    assert text.plural(count, "программа", "программы", "программ") == expected


def test_month_names_in_each_case():
    assert text.month_name(11) == "ноябрь"
    assert text.month_name(11, "genitive") == "ноября"
    assert text.month_name(5, "prepositional") == "мае"


def test_dates_read_as_in_a_russian_sentence():
    assert text.date_ru(datetime.date(2026, 3, 1)) == "1 марта 2026"
    assert text.date_ru(datetime.datetime(2026, 12, 31, 23, 0), with_year=False) == "31 декабря"
    assert text.date_ru(None) == ""


def test_quotes_nest_as_russian_typography_does():
    assert text.quote("Юный техник") == "«Юный техник»"
    assert text.quote("ДДТ «Радуга»") == "«ДДТ „Радуга“»"


def test_capfirst_keeps_the_rest_of_the_text():
    assert text.capfirst("октябрь 2026, ДДТ") == "Октябрь 2026, ДДТ"
    assert text.capfirst("") == ""


@pytest.mark.parametrize(
    ("value", "places", "trim", "shown"),
    [
        (Decimal("1200.50"), None, True, "1200,5"),
        (Decimal("1E+2"), None, True, "100"),
        (2.5, 2, False, "2,50"),
        (3.456, 2, True, "3,46"),
        (Decimal("1.005"), 2, False, "1,01"),  # half up, as people round
        (0.1, None, False, "0,1"),
    ],
)
def test_numbers_take_the_russian_decimal_comma(value, places, trim, shown):
    assert text.number_ru(value, places, trim=trim) == shown


def test_numbers_are_russian_whatever_language_is_active():
    with translation.override("en"):
        assert text.number_ru(2.5, 1) == "2,5"
        assert text.size_ru(int(2.4 * 1024 * 1024)) == "2,4\xa0МБ"


def test_file_sizes_in_russian_units():
    assert text.size_ru(512) == "512\xa0байт"
    assert text.size_ru(400 * 1024) == "400,0\xa0КБ"

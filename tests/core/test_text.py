import datetime

import pytest

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

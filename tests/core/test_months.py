"""Month: the one way the portal reads, steps and names a calendar month."""

import datetime

import pytest
from django.urls import reverse

from moc_portal.core.months import Month


@pytest.mark.parametrize("text", ["2026-10", " 2026-10 "])
def test_a_month_is_read_from_its_code(text):
    assert Month.parse(text) == Month(2026, 10)


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "2026",
        "2026-1",
        "2026-13",
        "2026-00",
        "1999-05",
        "2026-10-01",
        "октябрь",
        "2026‐10",
    ],
)
def test_anything_else_is_a_value_error_in_russian(text):
    with pytest.raises(ValueError, match="не понят"):
        Month.parse(text)


@pytest.mark.parametrize(
    ("month", "previous", "following"),
    [
        (Month(2026, 1), Month(2025, 12), Month(2026, 2)),
        (Month(2026, 12), Month(2026, 11), Month(2027, 1)),
        (Month(2026, 6), Month(2026, 5), Month(2026, 7)),
    ],
)
def test_previous_and_next_cross_the_year(month, previous, following):
    assert month.previous() == previous
    assert month.next() == following
    assert month.plus(-1) == previous
    assert month.plus(13) == Month(month.year + 1, month.number).next()


@pytest.mark.parametrize(
    ("month", "last"),
    [(Month(2026, 2), 28), (Month(2028, 2), 29), (Month(2026, 4), 30), (Month(2026, 12), 31)],
)
def test_first_and_last_day(month, last):
    assert month.first_day == datetime.date(month.year, month.number, 1)
    assert month.last_day == datetime.date(month.year, month.number, last)
    assert month.day(31) == month.last_day  # «the 31st» of a short month is its last day


def test_the_month_just_ended_is_the_one_before_todays():
    assert Month.last_ended(datetime.date(2026, 1, 15)) == Month(2025, 12)
    assert Month.last_ended(datetime.date(2026, 3, 31)) == Month(2026, 2)


def test_names_in_russian():
    assert Month(2026, 10).name == "октябрь 2026"
    assert Month(2026, 5).name_in == "в мае 2026"
    assert str(Month(2026, 3)) == "2026-03"


def test_months_order_by_time():
    assert sorted([Month(2026, 1), Month(2025, 12), Month(2026, 11)]) == [
        Month(2025, 12),
        Month(2026, 1),
        Month(2026, 11),
    ]


def test_the_url_converter_gives_a_month_and_takes_one_back(admin_client):
    url = reverse("monitoring:report_request", args=[Month(2026, 9)])
    assert url == "/monitoring/2026-09/report/"
    assert reverse("monitoring:report_request", args=["2026-09"]) == url


@pytest.mark.django_db
def test_a_month_that_does_not_exist_in_a_url_is_a_404(admin_client):
    assert admin_client.get("/monitoring/2026-13/report/").status_code == 404

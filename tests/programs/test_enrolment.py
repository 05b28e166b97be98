"""Enrolment state and the ПФДО certificate (issue 20): wording, the catalogue's `open=1` and
`certificate=1` filters with their counts, the same rule in Python and in SQL, query budgets."""

import datetime
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from programs.enrolment import (
    State,
    certificate_share,
    open_condition,
    parse_amount,
    state_of,
)
from programs.models import Program
from tests.factories import make_program
from tests.pages import rubles, texts
from tests.programs.test_catalogue import bulk_programs

CATALOGUE = reverse("programs:list")
TODAY = datetime.date(2026, 12, 3)


def program_like(**fields):
    values = {
        "enrollment_open": True,
        "enrollment_from": None,
        "enrollment_to": None,
        "places_available": None,
    }
    values.update(fields)
    return SimpleNamespace(**values)


def days(n):
    return TODAY + datetime.timedelta(days=n)


# --- Wording ---


def test_open_window_says_until_which_day():
    enrolment = state_of(program_like(enrollment_to=datetime.date(2027, 5, 31)), TODAY)
    assert enrolment.state == State.OPEN
    assert enrolment.label == "Запись открыта до 31 мая 2027"
    same_year = state_of(program_like(enrollment_to=datetime.date(2026, 12, 31)), TODAY)
    assert same_year.label == "Запись открыта до 31 декабря"


def test_future_window_says_from_which_day():
    enrolment = state_of(program_like(enrollment_from=datetime.date(2026, 12, 15)), TODAY)
    assert (enrolment.state, enrolment.label) == (State.SOON, "Запись с 15 декабря")
    assert enrolment.can_wait and not enrolment.is_open


def test_zero_places_is_full_and_unknown_places_are_open():
    assert state_of(program_like(places_available=0), TODAY).label == "Мест нет"
    assert state_of(program_like(places_available=None), TODAY).state == State.OPEN


def test_past_window_or_switched_off_is_closed():
    assert state_of(program_like(enrollment_to=days(-1)), TODAY).label == "Набор закрыт"
    assert state_of(program_like(enrollment_open=False), TODAY).state == State.CLOSED
    # Both days of the window are inside it.
    assert state_of(program_like(enrollment_from=TODAY, enrollment_to=TODAY), TODAY).is_open


optional_offset = st.one_of(st.none(), st.integers(-400, 400))


@settings(max_examples=200, deadline=None)
@given(
    start=optional_offset,
    length=st.integers(0, 300),
    places=st.one_of(st.none(), st.integers(0, 30)),
    switched_on=st.booleans(),
)
def test_generated_windows_get_the_state_a_reader_expects(start, length, places, switched_on):
    starts = None if start is None else days(start)
    ends = None if start is None or length > 250 else days((start or 0) + length)
    enrolment = state_of(
        program_like(
            enrollment_open=switched_on,
            enrollment_from=starts,
            enrollment_to=ends,
            places_available=places,
        ),
        TODAY,
    )
    if not switched_on or (ends is not None and ends < TODAY):
        expected = State.CLOSED
    elif starts is not None and starts > TODAY:
        expected = State.SOON
    elif places == 0:
        expected = State.FULL
    else:
        expected = State.OPEN
    assert enrolment.state == expected
    label = enrolment.label
    assert label  # every state has words
    if expected == State.SOON:
        assert label.startswith("Запись с ") and str(starts.day) in label
    if expected == State.OPEN and ends is not None:
        assert label.startswith("Запись открыта до ") and str(ends.day) in label


@pytest.mark.django_db
def test_query_condition_and_python_rule_agree_on_generated_programs():
    today = timezone.localdate()
    made = []
    for n, (start, end, places, switched_on) in enumerate(
        [
            (None, None, None, True),
            (-10, 10, 5, True),
            (-10, 10, 0, True),
            (5, 40, 5, True),
            (-40, -1, 5, True),
            (0, 0, 1, True),
            (None, -1, None, True),
            (-5, None, 3, False),
            (None, 30, None, True),
        ]
    ):
        made.append(
            make_program(
                title=f"Окно {n}",
                enrollment_open=switched_on,
                enrollment_from=None if start is None else today + datetime.timedelta(start),
                enrollment_to=None if end is None else today + datetime.timedelta(end),
                places_available=places,
            )
        )
    in_sql = set(Program.objects.filter(open_condition()).values_list("pk", flat=True))
    in_python = {program.pk for program in made if state_of(program).is_open}
    assert in_sql == in_python and len(in_sql) == 4


# --- The catalogue ---


@pytest.mark.django_db
def test_open_filter_keeps_programs_open_today_with_its_count(client):
    today = timezone.localdate()
    open_now = make_program(title="Идёт набор", enrollment_to=today + datetime.timedelta(30))
    make_program(title="Скоро набор", enrollment_from=today + datetime.timedelta(10))
    make_program(title="Мест нет", places_available=0)
    make_program(title="Прошёл набор", enrollment_to=today - datetime.timedelta(1))

    page = client.get(CATALOGUE, {"open": 1}).content.decode()
    assert list(client.get(CATALOGUE, {"open": 1}).context["result"].page) == [open_now]
    assert texts(page, ".enrolment-open") == [open_now.enrolment.label]  # with its last day
    flags = {name: count for name, _, _, count in client.get(CATALOGUE).context["result"].flags}
    assert flags["open"] == 1


@pytest.mark.django_db
def test_cards_show_each_state(client):
    today = timezone.localdate()
    programs = [
        make_program(title="Скоро", enrollment_from=today + datetime.timedelta(10)),
        make_program(title="Полно", places_available=0),
        make_program(title="Закрыто", enrollment_open=False),
    ]
    page = client.get(CATALOGUE).content.decode()
    shown = {state: texts(page, f".enrolment-{state}") for state in ("soon", "full", "closed")}
    assert shown == {p.enrolment.state: [p.enrolment.label] for p in programs}


@pytest.mark.django_db
def test_full_certificate_filter_keeps_programs_the_normative_covers(client):
    covered = make_program(
        title="Покрыто",
        accepts_certificate=True,
        certificate_cost=Decimal(5000),
        normative_cost=Decimal(6000),
    )
    make_program(
        title="Дороже норматива",
        accepts_certificate=True,
        certificate_cost=Decimal(7000),
        normative_cost=Decimal(6000),
    )
    make_program(title="Без цены", accepts_certificate=True)
    make_program(title="Бесплатно")
    result = client.get(CATALOGUE, {"certificate": 1}).context["result"]
    assert list(result.page) == [covered]
    counts = {name: count for name, _, _, count in client.get(CATALOGUE).context["result"].flags}
    assert counts["certificate"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 1000])
def test_catalogue_with_the_new_filters_keeps_its_query_budget(
    client, django_assert_max_num_queries, count
):
    bulk_programs(count)
    today = timezone.localdate()
    Program.objects.filter(pk__in=Program.objects.values("pk")[: count // 2]).update(
        enrollment_to=today + datetime.timedelta(20),
        certificate_cost=Decimal(4000),
        normative_cost=Decimal(5000),
    )
    params = {"open": 1, "certificate": 1, "age": 9, "page": 1}
    # Cold caches with a search, as the catalogue's own budget test.
    with django_assert_max_num_queries(6):
        response = client.get(CATALOGUE, {**params, "q": "кружок"})
    assert response.status_code == 200
    with django_assert_max_num_queries(6):
        response = client.get(CATALOGUE, params)
    assert response.context["result"].total > 0
    assert response.context["result"].total == response.context["result"].flag_counts["open"]


# --- The certificate ---


def priced(cost, normative, months=9, certified=True):
    return SimpleNamespace(
        accepts_certificate=certified,
        certificate_cost=cost,
        normative_cost=normative,
        cost_months=months,
        duration_months=None,
    )


money = st.decimals(min_value=0, max_value=200000, places=2, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(
    cost=money, normative=st.one_of(st.none(), money), remaining=money, months=st.integers(1, 36)
)
def test_generated_certificates_pay_the_least_of_cost_normative_and_remaining(
    cost, normative, remaining, months
):
    share = certificate_share(priced(cost, normative, months), remaining)
    limits = [cost, remaining] + ([normative] if normative is not None else [])
    expected = min(limits)
    assert share.covered == expected
    assert share.to_pay == cost - expected
    assert share.covered + share.to_pay == cost
    assert abs(share.to_pay_per_month * months - share.to_pay) <= Decimal("0.01") * months
    assert share.is_full == (expected == cost)


def test_no_share_without_certificate_or_cost():
    assert certificate_share(priced(None, Decimal(1)), Decimal(10)) is None
    assert certificate_share(priced(Decimal(5), Decimal(5), certified=False), Decimal(10)) is None


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("5000", Decimal("5000.00")),
        ("5 000", Decimal("5000.00")),
        ("4999,5", Decimal("4999.50")),
        ("5000 ₽", Decimal("5000.00")),
        ("", None),
        ("abc", None),
        ("-1", None),
        ("1e9", None),
        ("NaN", None),
        ("9" * 40, None),
    ],
)
def test_typed_nominal_is_read_leniently(typed, value):
    assert parse_amount(typed) == value


@pytest.mark.django_db
def test_program_page_computes_the_share_without_javascript_and_keeps_nothing(client):
    program = make_program(
        accepts_certificate=True,
        certificate_cost=Decimal(9000),
        normative_cost=Decimal(7200),
        cost_months=9,
    )
    page = client.get(program.get_absolute_url()).content.decode()
    assert "js/certificate.js" in page and 'data-cost="9000.00"' in page
    calculator = reverse("programs:certificate", args=[program.slug])
    page = client.get(calculator, {"nominal": "5000"}).content.decode()
    # Covered, of the cost, left to pay, per month.
    [result] = texts(page, "[data-certificate-result]")
    assert rubles(result) == ["5\xa0000", "9\xa0000", "4\xa0000", "444,44"]
    bad = client.get(calculator, {"nominal": "<script>"})
    assert bad.status_code == 200 and "Введите сумму" in bad.content.decode()
    program.refresh_from_db()


@pytest.mark.django_db
def test_program_page_shows_window_and_places(client):
    today = timezone.localdate()
    program = make_program(
        enrollment_from=today + datetime.timedelta(days=12),
        enrollment_to=today + datetime.timedelta(days=40),
        places_total=20,
        places_available=20,
    )
    page = client.get(program.get_absolute_url()).content.decode()
    assert texts(page, ".enrolment-soon") == [program.enrolment.label]  # with its first day
    [places] = texts(page, ".program-places")
    assert re.findall(r"\d+", places) == ["20", "20"]  # available of the total
    assert 'id="watch"' in page  # the window has not opened: a parent may wait for it


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 1000])
def test_program_page_with_a_nominal_keeps_its_query_budget(
    client, django_assert_max_num_queries, count
):
    programs = bulk_programs(count)
    Program.objects.filter(pk=programs[-1].pk).update(
        certificate_cost=Decimal(4000), normative_cost=Decimal(3000), accepts_certificate=True
    )
    with django_assert_max_num_queries(5):
        url = reverse("programs:certificate", args=[programs[-1].slug])
        response = client.get(url, {"nominal": "3500"})
    assert response.status_code == 200

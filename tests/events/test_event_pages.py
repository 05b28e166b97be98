import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from tests.pages import element_text

from .conftest import make_event

pytestmark = pytest.mark.django_db


def titles(response):
    return [event.title for event in response.context["result"].page.object_list]


def get_list(client, **params):
    return client.get(reverse("events:list"), params)


def test_list_shows_upcoming_published_events_soonest_first(client):
    make_event(title="Через неделю", days_from_today=7)
    make_event(title="Завтра", days_from_today=1)
    make_event(title="Вчера", days_from_today=-1)
    make_event(title="Черновик", days_from_today=2, status=Event.Status.DRAFT)
    make_event(title="На модерации", days_from_today=2, status=Event.Status.MODERATION)
    response = get_list(client)
    assert response.status_code == 200
    assert titles(response) == ["Завтра", "Через неделю"]
    assert response.context["result"].total == 2
    assert re.findall(r"\d+", element_text(response, "results-heading")) == ["2"]


def test_an_event_running_now_is_still_upcoming(client):
    make_event(title="Смена идёт", days_from_today=-3, duration_days=6)
    assert titles(get_list(client)) == ["Смена идёт"]


def test_archive_lists_past_events_latest_first_with_their_results(client):
    make_event(title="Давно", days_from_today=-30, results="<p>Победители: 5</p>")
    make_event(title="Недавно", days_from_today=-2)
    make_event(title="Скоро", days_from_today=2)
    response = client.get(reverse("events:archive"))
    assert titles(response) == ["Недавно", "Давно"]
    assert response.content.decode().count("event-results") == 1  # only «Давно» has results


def test_month_filter_keeps_events_touching_the_month(client):
    today = timezone.localdate()
    next_month = (today.replace(day=1) + datetime.timedelta(days=40)).replace(day=1)
    make_event(title="В следующем месяце", days_from_today=(next_month - today).days + 3)
    make_event(title="Сегодня", days_from_today=0)
    response = get_list(client, month=next_month.strftime("%Y-%m"))
    assert titles(response) == ["В следующем месяце"]


@pytest.mark.parametrize("month", ["2026-13", "abc", "2026-1", "99999-01", "2026-00", "1-1"])
def test_malformed_month_is_ignored(client, month):
    make_event(title="Одно")
    response = get_list(client, month=month)
    assert response.status_code == 200
    assert titles(response) == ["Одно"]


def test_type_filter_counts_every_type_and_keeps_the_chosen(client):
    make_event(title="Конкурс", kind=Event.Kind.CONTEST)
    make_event(title="Выставка", kind=Event.Kind.EXHIBITION)
    make_event(title="Ещё выставка", kind=Event.Kind.EXHIBITION)
    response = get_list(client, type="exhibition")
    assert sorted(titles(response)) == ["Выставка", "Ещё выставка"]
    counts = {c.code: c.count for c in response.context["result"].types.values}
    assert counts["contest"] == 1
    assert counts["exhibition"] == 2
    assert response.context["result"].total == 2


def test_unknown_type_is_dropped(client):
    make_event(title="Конкурс")
    response = get_list(client, type="nonsense")
    assert response.status_code == 200
    assert titles(response) == ["Конкурс"]


def test_direction_audience_and_age_filters_combine(client):
    make_event(title="Подходит", direction="tech", audience="children", age_min=7, age_max=12)
    make_event(title="Без возраста", direction="tech", audience="children")
    make_event(title="Старшим", direction="tech", audience="children", age_min=14, age_max=18)
    make_event(title="Родителям", direction="tech", audience="parents")
    make_event(title="Другая направленность", direction="art", audience="children")
    response = get_list(client, direction="tech", audience="children", age="9")
    assert sorted(titles(response)) == ["Без возраста", "Подходит"]


def test_search_finds_words_in_title_and_place(client):
    make_event(title="Фестиваль робототехники", venue="Дом творчества")
    make_event(title="Шахматный турнир", venue="Школа № 1")
    assert titles(get_list(client, q="робот")) == ["Фестиваль робототехники"]
    assert titles(get_list(client, q="школа")) == ["Шахматный турнир"]


@pytest.mark.parametrize("page", ["999999", "-1", "abc", "1e9"])
def test_any_page_number_shows_a_real_page(client, page):
    make_event(title="Одно")
    response = get_list(client, page=page)
    assert response.status_code == 200
    assert titles(response) == ["Одно"]


def test_bad_age_is_ignored(client):
    make_event(title="Одно", age_min=7, age_max=9)
    response = get_list(client, age="сто")
    assert titles(response) == ["Одно"]


@pytest.mark.parametrize("rows", [3, 45])
def test_list_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, rows):
    for index in range(rows):
        make_event(direction="tech" if index % 2 else None, days_from_today=index % 20 + 1)
        make_event(days_from_today=-(index % 20) - 1)
    with django_assert_max_num_queries(6):
        assert get_list(client, direction="tech", age="10").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("events:archive")).status_code == 200


def test_event_page_shows_details_and_calendar_link(client):
    event = make_event(
        title="Фестиваль «Юные таланты»",
        summary="Для юных",
        description="<p>Программа фестиваля</p>",
        venue="ДК",
        starts_time=datetime.time(10, 0),
        ends_time=datetime.time(12, 30),
    )
    response = client.get(event.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Программа фестиваля" in html
    assert "10:00–12:30" in html
    assert f'href="{reverse("events:detail_ics", args=[event.slug])}"' in html


def test_unpublished_event_page_is_404(client):
    event = make_event(status=Event.Status.MODERATION)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(reverse("events:detail_ics", args=[event.slug])).status_code == 404


def test_when_text_reads_in_russian():
    day = datetime.date(2026, 11, 5)
    event = Event(starts_on=day, ends_on=day)
    assert event.when_text == "5 ноября 2026"
    event.ends_on = datetime.date(2026, 11, 7)
    assert event.when_text == "5–7 ноября 2026"
    event.starts_on = datetime.date(2026, 10, 28)
    assert event.when_text == "28 октября — 7 ноября 2026"


def test_home_shows_the_next_three_events(client):
    for days in (5, 1, 3, 9):
        make_event(title=f"Через {days}", days_from_today=days)
    response = client.get(reverse("home"))
    assert [e.title for e in response.context["events"]] == ["Через 1", "Через 3", "Через 5"]
    html = response.content.decode()
    assert all(event.get_absolute_url() in html for event in response.context["events"])


def test_navigation_has_the_sections_in_order_and_marks_events(client):
    html = client.get(reverse("events:list")).content.decode()
    nav = html[html.index('id="main-nav"') :]
    positions = [
        nav.index(f">{name}</a>")
        for name in (
            "Программы",
            "Мероприятия",
            "Новости",
            "Документы",
            "Организации",
            "О центре",
            "Контакты",
        )
    ]
    assert positions == sorted(positions)
    assert 'active" aria-current="page" href="/events/"' in nav


def test_regulations_download_as_a_pdf_attachment(client):
    from .conftest import pdf_file

    event = make_event(title="Конкурс", regulations=pdf_file())
    page = client.get(event.get_absolute_url()).content.decode()
    assert reverse("events:regulations", args=[event.slug]) in page
    response = client.get(reverse("events:regulations", args=[event.slug]))
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    without = make_event()
    assert client.get(reverse("events:regulations", args=[without.slug])).status_code == 404


@pytest.mark.parametrize("rows", [2, 40])
def test_home_query_count_does_not_grow_with_events_and_news(
    client, django_assert_max_num_queries, rows
):
    from .conftest import make_news

    for index in range(rows):
        make_event(days_from_today=index + 1, direction="tech")
        make_news(days_ago=index + 1)
    with django_assert_max_num_queries(4):
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("url_name", ["events:list", "events:archive", "events:calendar"])
def test_hostile_parameters_never_give_a_server_error(client, url_name):
    make_event(title="Одно")
    params = {
        "q": "робот\x00ы" + "я" * 5000,
        "month": "2026-11\x00",
        "type": ["contest", "\x00", "x" * 300],
        "direction": "'; drop table events_event; --",
        "audience": "все",
        "age": "1e308",
        "page": "9" * 40,
    }
    assert client.get(reverse(url_name), params).status_code == 200

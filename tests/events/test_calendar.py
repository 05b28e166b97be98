import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from events.models import Event
from events.services.saving import save_event

from .conftest import make_event

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def entries(calendar):
    return list(calendar.walk("VEVENT"))


def test_event_ics_has_times_in_the_configured_zone(client, settings):
    event = make_event(
        title="Мастер-класс",
        starts_on=datetime.date(2030, 3, 5),
        ends_on=datetime.date(2030, 3, 5),
        starts_time=datetime.time(10, 0),
        ends_time=datetime.time(12, 30),
    )
    calendar = parse(client.get(reverse("events:detail_ics", args=[event.slug])))
    (entry,) = entries(calendar)
    zone = ZoneInfo(settings.TIME_ZONE)
    start, end = entry.decoded("dtstart"), entry.decoded("dtend")
    assert start == datetime.datetime(2030, 3, 5, 10, 0, tzinfo=zone)
    assert end == datetime.datetime(2030, 3, 5, 12, 30, tzinfo=zone)
    assert entry["dtstart"].params["TZID"] == settings.TIME_ZONE
    assert any(tz["tzid"] == settings.TIME_ZONE for tz in calendar.walk("VTIMEZONE"))
    assert str(entry["url"]).endswith(event.get_absolute_url())
    assert str(entry["url"]).startswith("http")


def test_all_day_event_is_written_as_dates_with_an_exclusive_end(client):
    event = make_event(starts_on=datetime.date(2030, 6, 1), ends_on=datetime.date(2030, 6, 3))
    (entry,) = entries(parse(client.get(reverse("events:detail_ics", args=[event.slug]))))
    assert entry.decoded("dtstart") == datetime.date(2030, 6, 1)
    assert entry.decoded("dtend") == datetime.date(2030, 6, 4)
    assert entry["dtstart"].params.get("VALUE") == "DATE"


def test_uid_is_stable_per_event(client):
    event = make_event()
    url = reverse("events:detail_ics", args=[event.slug])
    first = entries(parse(client.get(url)))[0]["uid"]
    event.title = "Новое название"
    save_event(event)
    second = entries(parse(client.get(url)))[0]["uid"]
    assert first == second == f"event-{event.pk}@127.0.0.1"


def test_commas_semicolons_and_new_lines_survive_the_round_trip(client):
    event = make_event(
        title="Конкурс, фестиваль; выставка",
        venue="ул. Ленина, 5; зал № 2",
        summary="Первая строка\nвторая строка",
    )
    response = client.get(reverse("events:detail_ics", args=[event.slug]))
    raw = response.content.decode()
    assert "Конкурс\\, фестиваль\\; выставка" in raw
    (entry,) = entries(parse(response))
    assert str(entry["summary"]) == "Конкурс, фестиваль; выставка"
    assert str(entry["location"]) == "ул. Ленина, 5; зал № 2"
    assert "Первая строка\nвторая строка" in str(entry["description"])


def test_feed_lists_upcoming_events_honouring_the_filters(client):
    make_event(title="Техника", direction="tech")
    make_event(title="Искусство", direction="art")
    make_event(title="Прошло", direction="tech", days_from_today=-3)
    make_event(title="Черновик", direction="tech", status=Event.Status.DRAFT)
    calendar = parse(client.get(reverse("events:calendar"), {"direction": "tech"}))
    assert [str(e["summary"]) for e in entries(calendar)] == ["Техника"]
    assert str(calendar["x-wr-calname"]).startswith("Мероприятия")


def test_feed_tolerates_bad_parameters(client):
    make_event(title="Одно")
    response = client.get(reverse("events:calendar"), {"month": "2026-99", "type": "x", "age": "y"})
    assert [str(e["summary"]) for e in entries(parse(response))] == ["Одно"]


def test_feed_query_count_does_not_grow_with_events(client, django_assert_max_num_queries):
    for index in range(30):
        make_event(direction="tech" if index % 2 else None)
    with django_assert_max_num_queries(3):
        client.get(reverse("events:calendar"))

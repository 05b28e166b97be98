"""The calendar and news feeds as their real clients read them: vobject (the iCalendar rules
Nextcloud, Outlook and others enforce: UID, DTSTAMP, PRODID, VTIMEZONE per TZID) and
feedparser (the RSS readers' parser: well-formed XML, dates, unique GUIDs)."""

import datetime

import feedparser
import pytest
import vobject
from django.urls import reverse

from events.services.saving import save_event

from .conftest import make_event, make_news

pytestmark = pytest.mark.django_db

LONG = "Очень длинное описание мероприятия, в котором много слов; " * 30


@pytest.fixture
def varied_events():
    return [
        make_event(
            title="Конкурс «Юные таланты», этап 1; финал",
            summary=LONG[:300],
            description=LONG,
        ),
        make_event(title="Смена «Робототехника»", duration_days=5, venue="Лагерь, корпус 2"),
        make_event(
            title="Мастер-класс по керамике",
            starts_time=datetime.time(10, 0),
            ends_time=datetime.time(12, 30),
            description="<p>" + LONG + "</p><ul><li>Глина</li><li>Гончарный круг</li></ul>",
        ),
        make_event(
            title="Фестиваль — два дня",
            duration_days=1,
            starts_time=datetime.time(18, 0),
            ends_time=datetime.time(11, 0),
            online_url="https://example.org/stream?a=1&b=2",
        ),
    ]


def parse_calendar(response):
    assert response.status_code == 200
    calendar = vobject.readOne(response.content.decode("utf-8"))
    calendar.validate(raiseException=True)
    # The round trip: what vobject writes back it reads again, entries intact.
    again = vobject.readOne(calendar.serialize())
    again.validate(raiseException=True)
    return calendar


def test_vobject_validates_the_calendar_feed(client, varied_events):
    calendar = parse_calendar(client.get(reverse("events:calendar")))
    entries = calendar.vevent_list
    assert len(entries) == len(varied_events)
    assert len({entry.uid.value for entry in entries}) == len(entries)
    titles = {entry.summary.value for entry in entries}
    assert "Конкурс «Юные таланты», этап 1; финал" in titles
    tzids = {tz.tzid.value for tz in calendar.contents.get("vtimezone", [])}
    for entry in entries:
        assert entry.dtstamp.value.tzinfo is not None
        assert int(entry.sequence.value) == 0
        tzid = entry.dtstart.params.get("TZID")
        if tzid:
            assert tzid[0] in tzids


@pytest.mark.parametrize("index", range(4))
def test_vobject_validates_each_events_ics(client, varied_events, index):
    event = varied_events[index]
    calendar = parse_calendar(client.get(reverse("events:detail_ics", args=[event.slug])))
    (entry,) = calendar.vevent_list
    assert entry.summary.value == event.title
    if event.all_day:
        assert entry.dtstart.value == event.starts_on
        assert entry.dtend.value == event.ends_on + datetime.timedelta(days=1)
    else:
        assert entry.dtstart.value == event.starts_at


def test_long_lines_are_folded_at_75_octets(client, varied_events):
    raw = client.get(reverse("events:calendar")).content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


def ics_sequence(client, event):
    response = client.get(reverse("events:detail_ics", args=[event.slug]))
    (entry,) = parse_calendar(response).vevent_list
    return int(entry.sequence.value)


def test_sequence_grows_when_the_event_changes(client):
    event = make_event(title="Конкурс чтецов")
    assert ics_sequence(client, event) == 0
    event.starts_on += datetime.timedelta(days=1)
    event.ends_on = event.starts_on
    save_event(event)
    assert ics_sequence(client, event) == 1
    event.venue = "Актовый зал"
    save_event(event)
    assert ics_sequence(client, event) == 2


def test_sequence_stays_when_nothing_a_calendar_shows_changed(client):
    event = make_event(title="Конкурс чтецов")
    event.age_min = 7  # not in the calendar entry
    save_event(event)
    save_event(event)
    assert ics_sequence(client, event) == 0


def test_the_admin_keeps_the_sequence(admin_client):
    event = make_event(title="Выставка")
    url = reverse("admin:events_event_change", args=[event.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {}
    for field in form:  # what the page would send back, then the one edit
        value = field.value()
        if value is None or field.name == "regulations":
            continue
        data[field.html_name] = value
    data["title"] = "Выставка рисунков"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.title == "Выставка рисунков" and event.sequence == 1


def parse_feed(client):
    response = client.get(reverse("events:news_feed"))
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_feedparser_reads_the_news_rss_without_bozo(client):
    make_news(title="Итоги конкурса «Робототехника & программирование»", days_ago=1)
    make_news(
        title="Новость <b>с тегами</b> & «кавычками»",
        lead="",
        body="<p>Текст с <a href='https://example.org/?a=1&b=2'>ссылкой</a> & амперсандом</p>"
        "<ul><li>пункт</li></ul>",
        days_ago=2,
    )
    for days_ago in range(3, 10):
        make_news(days_ago=days_ago)
    feed = parse_feed(client)
    assert feed.version == "rss20"
    assert feed.feed.language == "ru"
    assert len(feed.entries) == 9
    titles = [entry.title for entry in feed.entries]
    assert titles[0] == "Итоги конкурса «Робототехника & программирование»"
    assert titles[1] == "Новость <b>с тегами</b> & «кавычками»"
    guids = [entry.id for entry in feed.entries]
    assert len(set(guids)) == len(guids) and all(guids)
    for entry in feed.entries:
        assert entry.published_parsed is not None
        assert entry.link.startswith("http")
    assert feed.entries[0].published_parsed > feed.entries[1].published_parsed

"""iCalendar (RFC 5545) files of events: one event's «Добавить в календарь» and the feed.

What Google Calendar, Яндекс Календарь and Outlook need to import and re-import cleanly:
- a UID stable per event (built from its primary key and the site's host), so a second
  import updates the entry instead of adding a copy;
- timed events with TZID of the configured zone and its VTIMEZONE block (Outlook wants it);
- all-day events as DATE values, DTEND the day after the last day (the end is exclusive);
- SEQUENCE, the event's version (events.services.saving keeps it), so a client replaces its
  copy when the dates or the place change;
- a URL back to the event's page. The library escapes commas, semicolons and new lines.
"""

import datetime
from urllib.parse import urlsplit

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from moc_portal.core.email import absolute_url, site_url
from moc_portal.core.richtext import html_to_text

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//МОЦ дополнительного образования//Мероприятия//RU"


def event_uid(event):
    host = urlsplit(site_url()).hostname or "moc.local"
    return f"event-{event.pk}@{host}"


def calendar_entry(event):
    entry = CalendarEvent()
    entry.add("uid", event_uid(event))
    entry.add("dtstamp", event.updated_at or timezone.now())
    entry.add("sequence", event.sequence)
    entry.add("summary", event.title)
    if event.all_day:
        entry.add("dtstart", event.starts_on)
        entry.add("dtend", event.ends_on + datetime.timedelta(days=1))
    else:
        zone = timezone.get_default_timezone()
        entry.add("dtstart", event.starts_at.astimezone(zone))
        entry.add("dtend", event.ends_at.astimezone(zone))
    url = absolute_url(event.get_absolute_url())
    entry.add("url", url)
    location = event.venue or event.online_url
    if location:
        entry.add("location", location)
    parts = [event.summary, html_to_text(event.description), f"Подробнее: {url}"]
    entry.add("description", "\n\n".join(part for part in parts if part))
    entry.add("categories", [event.get_kind_display()])
    return entry


def build_calendar(events, name):
    """The .ics file, as bytes, with one VEVENT per event and the zone's VTIMEZONE."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(timezone.get_default_timezone()))
    events = list(events)
    for event in events:
        calendar.add_component(calendar_entry(event))
    # The zone's rules only around the events' dates: a compact VTIMEZONE, not its history.
    today = timezone.localdate()
    year = datetime.timedelta(days=366)
    first = min((event.starts_on for event in events), default=today) - year
    last = max((event.ends_on for event in events), default=today) + year
    calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()

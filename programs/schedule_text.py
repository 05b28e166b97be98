"""A program's weekly schedule in a few words for a card: «Вт, Чт 15:30–17:00; Сб 10:00–11:30».

Sessions at the same hours share one group of days; groups follow the first day they meet."""

import datetime

WEEKDAY_SHORT = {1: "Пн", 2: "Вт", 3: "Ср", 4: "Чт", 5: "Пт", 6: "Сб", 7: "Вс"}


def _time(value):
    if isinstance(value, datetime.time):
        return value
    return datetime.time.fromisoformat(str(value).strip()[:8])


def _hhmm(value):
    return f"{value.hour}:{value.minute:02d}"


def parse_joined_slots(text):
    """«2|15:30:00|17:00:00,4|15:30:00|17:00:00» (the catalogue's joined text) -> slots."""
    slots = []
    for part in (text or "").split(","):
        pieces = part.split("|")
        if len(pieces) != 3:
            continue
        try:
            slots.append((int(pieces[0]), _time(pieces[1]), _time(pieces[2])))
        except ValueError:
            continue
    return slots


def compact_schedule(slots, max_groups=3):
    """(weekday, start, end) triples -> «Вт, Чт 15:30–17:00; Сб 10:00–11:30» («…» past
    `max_groups` different hours)."""
    groups = {}
    for weekday, start, end in sorted(slots):
        days = groups.setdefault((start, end), [])
        if weekday not in days:
            days.append(weekday)
    ordered = sorted(groups.items(), key=lambda item: (item[1][0], item[0]))
    parts = [
        f"{', '.join(WEEKDAY_SHORT[day] for day in days)} {_hhmm(start)}–{_hhmm(end)}"
        for (start, end), days in ordered[:max_groups]
    ]
    if len(ordered) > max_groups:
        parts.append("…")
    return "; ".join(parts)

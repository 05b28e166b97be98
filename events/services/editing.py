"""Saving an edited event: its calendar version (iCalendar SEQUENCE) follows what changed."""

from django.db import transaction

from ..models import Event

# What a calendar shows of an event: a change to any of these is a new version of the entry
# (RFC 5545 §3.8.7.4; Outlook and Google replace their copy only when SEQUENCE grows).
CALENDAR_FIELDS = (
    "title",
    "kind",
    "starts_on",
    "starts_time",
    "ends_on",
    "ends_time",
    "venue",
    "online_url",
    "summary",
    "description",
    "status",
)


@transaction.atomic
def save_event(event):
    """Save the event; when something a calendar shows has changed since the stored row,
    its SEQUENCE becomes the stored one plus one (a new event starts at 0)."""
    if event.pk is not None:
        stored = (
            Event.objects.select_for_update()
            .filter(pk=event.pk)
            .values("sequence", *CALENDAR_FIELDS)
            .first()
        )
        if stored is not None:
            if event.ends_on is None:
                event.ends_on = event.starts_on
            changed = any(stored[name] != getattr(event, name) for name in CALENDAR_FIELDS)
            event.sequence = stored["sequence"] + 1 if changed else stored["sequence"]
    event.save()
    return event

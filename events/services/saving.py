"""Saving events, media-plan rows and documents: the one write path of the events app.

What a row keeps derived from its own fields is set here, not in the models' `save()`:
- an event ends on its start day when no end is given, and its search text is its title,
  summary and venue normalized (the `?q=` filter reads it); an edited event's calendar
  version (iCalendar SEQUENCE) follows what a calendar shows of it;
- a planned or postponed media-plan row with a link is published (the link is the proof);
- a document keeps its file's size (the list shows sizes without asking the storage per file).
The admin, the proposal form, the media plan, the demo and the tests call these functions,
single rows and bulk alike, so the models' own `save()` stays Django's.
"""

import contextlib

from django.db import transaction

from moc_portal.core.search_text import normalize_search_text

from ..models import Document, Event, MediaPlanRow

# What a calendar shows of an event: a change to any of these is a new version of the entry
# (RFC 5545 §3.8.7.4; Outlook and Google replace their copy only when SEQUENCE grows).
CALENDAR_FIELDS = ("title", "kind", *Event.WHEN_AND_WHERE, "summary", "description", "status")


def keep_event_derived(event):
    """The end day (the start day when none is given) and the search text of an event."""
    if event.ends_on is None:
        event.ends_on = event.starts_on
    event.search_text = normalize_search_text(f"{event.title} {event.summary} {event.venue}")
    return event


def keep_row_derived(row):
    """A link is the proof of publication: a planned or postponed row with one is done."""
    if row.url and row.status in (MediaPlanRow.Status.PLANNED, MediaPlanRow.Status.POSTPONED):
        row.status = MediaPlanRow.Status.PUBLISHED
    return row


def keep_document_derived(document):
    """The file's size in the row (a file the storage cannot read keeps the size it had)."""
    if document.file:
        with contextlib.suppress(OSError):
            document.file_size = document.file.size
    return document


KEEP_DERIVED = {
    Event: keep_event_derived,
    MediaPlanRow: keep_row_derived,
    Document: keep_document_derived,
}


@transaction.atomic
def save_event(event):
    """Save the event with its derived fields; when something a calendar shows has changed
    since the stored row, its SEQUENCE becomes the stored one plus one (a new event: 0)."""
    keep_event_derived(event)
    if event.pk is not None:
        stored = (
            Event.objects.select_for_update()
            .filter(pk=event.pk)
            .values("sequence", *CALENDAR_FIELDS)
            .first()
        )
        if stored is not None:
            changed = any(stored[name] != getattr(event, name) for name in CALENDAR_FIELDS)
            event.sequence = stored["sequence"] + 1 if changed else stored["sequence"]
    event.save()
    return event


def save_mediaplan_row(row):
    keep_row_derived(row).save()
    return row


def save_document(document):
    keep_document_derived(document).save()
    return document


def create_in_bulk(model, objects):
    """Insert new events, media-plan rows or documents in one query, each with what it
    derives (bulk_create calls no save())."""
    return model.objects.bulk_create([KEEP_DERIVED[model](instance) for instance in objects])

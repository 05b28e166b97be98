"""Publishing in bulk (the admin's action) sets `updated_at`, as every other write does."""

import datetime

import pytest
import time_machine

from events.models import Event
from events.services.publishing import publish_events
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db


def test_publishing_events_in_bulk_sets_their_updated_at():
    with time_machine.travel(datetime.datetime(2026, 10, 1, 9, tzinfo=datetime.UTC), tick=False):
        waiting = make_event(status=Event.Status.MODERATION)
        published = make_event(status=Event.Status.PUBLISHED)
    moment = datetime.datetime(2026, 10, 5, 12, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        assert publish_events(Event.objects.all()) == 1
    waiting.refresh_from_db()
    published.refresh_from_db()
    assert (waiting.status, waiting.updated_at) == (Event.Status.PUBLISHED, moment)
    assert published.updated_at < moment

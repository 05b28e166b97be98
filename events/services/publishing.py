"""Events' way to the public list: proposed by an organization, published by a methodist."""

from django.db import transaction
from django.utils import timezone

from moc_portal.core.addresses import unique_slug
from moc_portal.core.page_cache import content_changed

from ..models import Event, NewsItem


def with_unique_slug(instance, source_text):
    """Give an unsaved row a free slug built from its title (when it has none)."""
    if not instance.slug:
        model = type(instance)
        instance.slug = unique_slug(
            model.objects.exclude(pk=instance.pk),
            source_text,
            max_length=model._meta.get_field("slug").max_length,
            fallback=model._meta.model_name,
        )
    return instance


@transaction.atomic
def propose_event(event, user):
    """Save an event a representative proposed: it waits «на модерации» for a methodist."""
    event.status = Event.Status.MODERATION
    event.proposed_by = user
    with_unique_slug(event, event.title)
    event.save()
    return event


def publish_events(events):
    """Publish the given events that are drafts or waiting for moderation; returns how many."""
    waiting = (Event.Status.DRAFT, Event.Status.MODERATION)
    content_changed()  # update() sends no signal
    # update() skips auto_now: the time is set here, as on every other write.
    return Event.objects.filter(pk__in=[e.pk for e in events], status__in=waiting).update(
        status=Event.Status.PUBLISHED, updated_at=timezone.now()
    )


def publish_news(items):
    content_changed()  # update() sends no signal
    return NewsItem.objects.filter(pk__in=[i.pk for i in items]).update(
        status=NewsItem.Status.PUBLISHED, updated_at=timezone.now()
    )

"""Events' way to the public list: proposed by an organization, published by a methodist."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from moc_portal.core.addresses import unique_slug
from moc_portal.core.email import send_email
from moc_portal.core.page_cache import content_changed

from ..models import Event, NewsItem
from .saving import save_event


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


# A proposer may correct their event until it is published.
EDITABLE_BY_PROPOSER = (Event.Status.DRAFT, Event.Status.MODERATION, Event.Status.REWORK)


@transaction.atomic
def propose_event(event, user):
    """Save an event a representative proposed (or corrected and sent again): it waits
    «на модерации» for a methodist; the reason of an earlier return is done with."""
    event.status = Event.Status.MODERATION
    event.return_reason = ""
    if event.proposed_by_id is None:
        event.proposed_by = user
    with_unique_slug(event, event.title)
    save_event(event)  # a corrected proposal is a new calendar version
    return event


@transaction.atomic
def return_events(events, user, reason):
    """Send proposals waiting for moderation back «на доработку» with the reason (required);
    each proposer gets it by e-mail through the outbox. Returns how many were returned."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Укажите причину: её прочтёт тот, кто предложил."})
    returned = list(
        Event.objects.select_for_update(of=("self",))
        .filter(pk__in=[event.pk for event in events], status=Event.Status.MODERATION)
        .select_related("proposed_by")
    )
    for event in returned:
        event.status = Event.Status.REWORK
        event.return_reason = reason
        event.save(update_fields=["status", "return_reason", "updated_at"])
        if event.proposed_by is not None and event.proposed_by.email:
            send_email(
                "emails/event_returned",
                {
                    "event": event,
                    "reason": reason,
                    "edit_path": reverse("events:propose_edit", args=[event.pk]),
                },
                to=[event.proposed_by.email],
                dedupe_key=f"event-returned:{event.pk}:{event.updated_at.isoformat()}",
            )
    return len(returned)


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

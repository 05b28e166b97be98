"""Who may do what with events, news, documents and the media plan: one place, so the admin,
the views and the tests agree."""

from programs.models import Organization
from programs.permissions import managed_organizations

PUBLISH_EVENTS = "events.publish_event"
PROPOSE_EVENTS = "events.add_event"
PUBLISH_DOCUMENTS = "events.add_document"


def can_publish(user):
    """Methodists publish events and news; representatives propose events for moderation."""
    return user.has_perm(PUBLISH_EVENTS)


def can_publish_documents(user):
    """A media plan becomes a public document in the name of whoever may add documents."""
    return user.has_perm(PUBLISH_DOCUMENTS)


def proposal_organizations(user):
    """The organizations this user may propose events for; None when they may not at all."""
    if not (user.is_active and user.is_staff and user.has_perm(PROPOSE_EVENTS)):
        return None
    managed = managed_organizations(user)
    return Organization.objects.filter(is_active=True) if managed is None else managed

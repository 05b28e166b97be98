"""A practice proposed through the site: saved with its materials, the author told its number.

The uploaded files arrive already checked (the form runs the one upload validator of
moc_portal.core.uploads, which also gives them generated names).
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from moc_portal.core.addresses import unique_slug

from ..models import Practice, PracticeMaterial, PracticeTransition, Status
from . import notifications
from .saving import create_materials, save_practice
from .workflow import transition

# The fields the author fills (the form and the revision use the same list).
AUTHOR_FIELDS = (
    "title",
    "direction",
    "category",
    "authors",
    "organization",
    "organization_name",
    "age_min",
    "age_max",
    "year",
    "annotation",
    "problem",
    "description",
    "results",
    "resources",
    "contact_name",
    "contact_position",
    "contact_email",
    "contact_phone",
)
MAX_FILES = 10
MAX_LINKS = 10
# The same practice from the same address within this time is a double click or a resent form.
DUPLICATE_WINDOW = timedelta(minutes=10)


def submit_practice(data, *, files=(), video_links=(), consent=None):
    """Create the practice «подана» with its materials; returns it. Its mails are queued in the
    outbox in the same transaction. The same practice sent again from the same address within
    DUPLICATE_WINDOW returns the first one (no second record, no second mail)."""
    duplicate = _recent_duplicate(data, consent)
    if duplicate is not None:
        return duplicate
    with transaction.atomic():
        practice = Practice(**{name: data.get(name) for name in AUTHOR_FIELDS}, consent=consent)
        _blank_to_empty(practice)
        practice.slug = unique_slug(
            Practice.objects.all(), practice.title, max_length=100, fallback="practice"
        )
        save_practice(practice)
        PracticeTransition.objects.create(
            practice=practice, from_status="", to_status=Status.SUBMITTED, actor=None
        )
        add_materials(practice, files=files, video_links=video_links)
        notifications.practice_submitted(practice)
    return practice


def _recent_duplicate(data, consent):
    same = Practice.objects.filter(
        created_at__gte=timezone.now() - DUPLICATE_WINDOW,
        status=Status.SUBMITTED,
        title=data.get("title"),
        contact_email=data.get("contact_email"),
    )
    if consent is not None:
        same = same.filter(consent__ip_address=consent.ip_address)
    return same.order_by("created_at").first()


def resubmit_practice(practice, data, *, files=(), video_links=(), consent=None):
    """The author's revision of a returned practice: new text, more materials, «подана» again."""
    with transaction.atomic():
        transition(
            practice, Status.SUBMITTED, actor=None, comment="Доработана автором", notify=False
        )
        for name in AUTHOR_FIELDS:
            setattr(practice, name, data.get(name))
        _blank_to_empty(practice)
        if consent is not None:
            practice.consent = consent
        save_practice(practice)
        add_materials(practice, files=files, video_links=video_links)
        notifications.practice_submitted(practice, resubmitted=True)
    return practice


def add_materials(practice, *, files=(), video_links=()):
    start = practice.materials.count()
    materials = []
    for offset, (title, upload) in enumerate(files):
        materials.append(
            PracticeMaterial(
                practice=practice, title=title[:200], file=upload, order=start + offset
            )
        )
    start += len(materials)
    for offset, url in enumerate(video_links):
        materials.append(
            PracticeMaterial(practice=practice, title="Видео", video_url=url, order=start + offset)
        )
    return create_materials(materials)


def _blank_to_empty(practice):
    for name in ("organization_name", "resources"):
        if getattr(practice, name) is None:
            setattr(practice, name, "")

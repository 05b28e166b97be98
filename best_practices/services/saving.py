"""Saving practices and their materials: the one write path of the bank.

A practice keeps what is derived from it: the key of the author's revision link (made once)
and its search text (title, annotation, authors and organization, normalized). A material
keeps the size of its file. The public form and its revision, the workflow, the admin, the
demo and the tests call these functions, so the models' own `save()` stay Django's and no
write path has to remember what follows it.
"""

import secrets

from django.db import transaction

from moc_portal.core.page_cache import content_changed
from moc_portal.core.search_text import normalize_search_text

from ..models import Practice

BATCH_SIZE = 500


def new_edit_token():
    return secrets.token_urlsafe(24)


def practice_search_text(practice):
    """The normalized words the public list's `?q=` looks in."""
    organization = practice.organization if practice.organization_id else None
    return normalize_search_text(
        " ".join(
            [
                practice.title,
                practice.annotation,
                practice.authors,
                practice.organization_name,
                organization.short_name if organization is not None else "",
            ]
        )
    )


# What the search text is made of (the organization: its short name).
SEARCH_FIELDS = ("title", "annotation", "authors", "organization_name", "organization")


def _derive(practice):
    """Fill what a practice keeps in step; the names of the fields it set."""
    fields = ["search_text"]
    if not practice.edit_token:
        practice.edit_token = new_edit_token()
        fields.append("edit_token")
    practice.search_text = practice_search_text(practice)
    return fields


def save_practice(practice, *, update_fields=None):
    """Save the practice with its revision key and search text. With `update_fields`, only
    those fields are written, with the search text when one of its sources is among them."""
    if update_fields is None:
        _derive(practice)
    elif set(update_fields) & set(SEARCH_FIELDS) or not practice.edit_token:
        derived = _derive(practice)
        update_fields = [*update_fields, *(f for f in derived if f not in update_fields)]
    practice.save(update_fields=update_fields)
    return practice


def create_practices(practices, *, batch_size=BATCH_SIZE):
    """Insert many new practices at once (bulk_create skips save()): each gets its revision
    key and search text first; the page cache hears of it as a single save would tell it."""
    practices = list(practices)
    for practice in practices:
        _derive(practice)
    created = Practice.objects.bulk_create(practices, batch_size=batch_size)
    content_changed()
    return created


def save_material(material):
    """Save the material with its file's size (none for a video link). A new upload, or a
    replaced file, is measured; a kept file keeps its stored size."""
    if not material.file:
        material.size = None
    elif material.size is None or not material.file._committed:  # a new, unsaved upload
        material.size = material.file.size
    material.save()
    return material


def create_materials(materials):
    """Save new materials one by one: each file is stored by its own save (bulk_create would
    store none)."""
    return [save_material(material) for material in materials]


@transaction.atomic
def reindex_practices(practices, *, batch_size=BATCH_SIZE):
    """Recompute the search text of the given practices (a queryset), e.g. after their
    organization is renamed; only texts that are out of date are written. Returns how many."""
    changed = []
    rows = practices.select_related("organization").only(
        "pk",
        "title",
        "annotation",
        "authors",
        "organization_name",
        "search_text",
        "organization__short_name",
    )
    for practice in rows.iterator(chunk_size=batch_size):
        text = practice_search_text(practice)
        if text != practice.search_text:
            practice.search_text = text
            changed.append(practice)
    Practice.objects.bulk_update(changed, ["search_text"], batch_size=batch_size)
    if changed:
        content_changed()
    return len(changed)


def follow_organization(sender, instance, update_fields=None, raw=False, **kwargs):
    """post_save of an organization: its practices' search text holds its short name.

    The catalogue cannot call the bank (programs imports no section app), so the bank listens
    for the saves of an organization, as the page cache does; a rename written in bulk sends
    no `post_save`: the import sends `organizations_renamed` instead (`follow_renamed`).
    """
    if raw or kwargs.get("created"):
        return
    if update_fields is not None and "short_name" not in update_fields:
        return
    reindex_practices(Practice.objects.filter(organization_id=instance.pk))


def follow_renamed(sender, pks, **kwargs):
    """`organizations_renamed` (a rename written in bulk by the organization import)."""
    reindex_practices(Practice.objects.filter(organization_id__in=pks))


def forget_organization(sender, instance, **kwargs):
    """post_delete of an organization: its practices lost it (SET_NULL), and its name leaves
    their search text (only the texts out of date are written)."""
    reindex_practices(Practice.objects.filter(organization__isnull=True))

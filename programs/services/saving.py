"""Saving and deleting organizations and programs: the one write path of the catalogue.

A program's search text is built from its title, annotation and organization's names; the
search vocabulary counts the words of public programs; the history records every change.
The admin, the forms, the import and the demo call these functions, so the models' own
`save()` and `delete()` stay Django's and no write path has to remember what follows it.
"""

from django.db import transaction
from django.utils import timezone

from moc_portal.core.page_cache import content_changed

from ..models import Organization, Program
from ..search_vocabulary import kept_in_step
from .search_text import reindex_programs


def save_organization(organization):
    """Save the organization; its programs' search text and the vocabulary follow its names
    (they are in every program's text) and its activity (it decides which are public)."""
    before = (
        None
        if organization._state.adding or organization.pk is None
        else Organization.objects.filter(pk=organization.pk)
        .values("short_name", "full_name", "is_active")
        .first()
    )
    if before is None:  # a new organization has no programs yet
        organization.save()
        return organization
    names_changed = (before["short_name"], before["full_name"]) != (
        organization.short_name,
        organization.full_name,
    )
    if not (names_changed or before["is_active"] != organization.is_active):
        organization.save()
        return organization
    with kept_in_step(Program.objects.filter(organization_id=organization.pk)):
        organization.save()
        if names_changed:
            reindex_programs(Program.objects.filter(organization_id=organization.pk))
        # The organization's names are part of what its programs show and export, and its
        # activity decides whether they are public: for their readers the programs changed.
        Program.objects.filter(organization_id=organization.pk).update(updated_at=timezone.now())
    return organization


def save_program(program):
    """Save the program with its search text; the vocabulary follows its words."""
    program.search_text = program.build_search_text(program.organization)
    with kept_in_step(
        lambda: Program.objects.filter(pk=program.pk) if program.pk else Program.objects.none()
    ):
        program.save()
    return program


def delete_programs(programs):
    """Delete the programs (a queryset); their words leave the vocabulary."""
    with transaction.atomic():
        ids = list(programs.values_list("pk", flat=True))
        with kept_in_step(Program.objects.filter(pk__in=ids)):
            Program.objects.filter(pk__in=ids).delete()


def delete_program(program):
    delete_programs(Program.objects.filter(pk=program.pk))


def record_bulk_history(model, created=(), updated=(), *, user=None, reason=""):
    """History rows for objects written in bulk (bulk_create and bulk updates skip the
    signals that record a single save), in one insert per batch; and, as those signals
    would, tells the page cache that public content changed."""
    content_changed()
    if created:
        model.history.bulk_history_create(created, default_user=user, default_change_reason=reason)
    if updated:
        model.history.bulk_history_create(
            updated, update=True, default_user=user, default_change_reason=reason
        )

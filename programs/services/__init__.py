"""Business operations on the catalogue: plain functions the admin, commands and tasks call."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.utils import timezone

from ..models import Program


@transaction.atomic
def reindex_programs(programs, batch_size=500):
    """Recompute the search text of the given programs (e.g. after an organization is renamed)."""
    batch = []
    for program in programs.select_related("organization").iterator(chunk_size=batch_size):
        program.search_text = program.build_search_text(program.organization)
        batch.append(program)
        if len(batch) >= batch_size:
            Program.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Program.objects.bulk_update(batch, ["search_text"])


def after_bulk_change(program_ids):
    """Bring what save() would have updated up to date for programs written in bulk.

    bulk_create/bulk_update skip Program.save(), so the import (and anything else that
    writes programs in bulk) calls this with the ids it wrote. Today it recomputes the
    search text; the catalogue's search vocabulary is to be refreshed from here as well.
    """
    program_ids = list(program_ids)
    for start in range(0, len(program_ids), 5000):
        reindex_programs(Program.objects.filter(pk__in=program_ids[start : start + 5000]))


@transaction.atomic
def set_program_status(programs, status, user):
    """Give the programs the status and record it in the admin history in the user's name.

    `programs` is a queryset; programs that already have the status are left alone (their
    `updated_at` and history stay as they were). Returns the number of programs changed.
    """
    changed = list(
        programs.exclude(status=status)
        .select_related(None)
        .prefetch_related(None)
        .only("pk", "title")
    )
    if not changed:
        return 0
    Program.objects.filter(pk__in=[program.pk for program in changed]).update(
        status=status, updated_at=timezone.now()
    )
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=changed,
        action_flag=CHANGE,
        change_message=[{"changed": {"fields": ["Статус"]}}],
    )
    return len(changed)

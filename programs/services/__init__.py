"""Business operations on the catalogue: plain functions the admin, commands and tasks call."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import connection, transaction
from django.utils import timezone

from ..models import Organization, Program, ScheduleSlot
from ..search_vocabulary import kept_in_step
from .saving import (
    delete_program,
    delete_programs,
    record_bulk_history,
    save_organization,
    save_program,
)
from .search_text import after_bulk_change, reindex_programs

__all__ = [
    "after_bulk_change",
    "analyze_catalogue",
    "delete_program",
    "delete_programs",
    "record_bulk_history",
    "reindex_programs",
    "save_organization",
    "save_program",
    "set_program_status",
]

# Tables a bulk load fills; the catalogue's queries join them.
CATALOGUE_MODELS = (
    Organization,
    Program,
    Program.levels.through,
    Program.disability_types.through,
    ScheduleSlot,
)


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
    targets = Program.objects.filter(pk__in=[program.pk for program in changed])
    with kept_in_step(targets):  # update() skips save_program, which keeps the words
        targets.update(status=status, updated_at=timezone.now())
    # update() skips the history too: record the new status in the user's name.
    record_bulk_history(Program, updated=targets, user=user, reason="Статус")
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=changed,
        action_flag=CHANGE,
        change_message=[{"changed": {"fields": ["Статус"]}}],
    )
    return len(changed)


def analyze_catalogue():
    """Refresh PostgreSQL's planner statistics of the catalogue tables after a bulk load.

    Until autovacuum gets to a freshly filled table (or on a server where it is off), the
    planner guesses its size and picks slow plans: the catalogue page took 139 ms median
    right after `seed_demo --programs 10000` on such a server. SQLite needs nothing.
    Runs after the surrounding transaction commits, so the statistics see the new rows.
    """
    if connection.vendor != "postgresql":
        return

    def analyze():
        with connection.cursor() as cursor:
            for model in CATALOGUE_MODELS:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")

    transaction.on_commit(analyze, robust=True)

"""Business operations on the catalogue: plain functions the admin, commands and tasks call."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import connection, transaction
from django.utils import timezone

from ..models import Organization, Program, ScheduleSlot
from ..search_vocabulary import kept_in_step, rebuild_search_vocabulary
from .bulk import update_in_bulk

# Tables a bulk load fills; the catalogue's queries join them.
CATALOGUE_MODELS = (
    Organization,
    Program,
    Program.levels.through,
    Program.disability_types.through,
    ScheduleSlot,
)


@transaction.atomic
def reindex_programs(programs, batch_size=500):
    """Recompute the search text of the given programs (e.g. after an organization is renamed).

    Only programs whose text is out of date are written, so calling it for programs that
    are already current (a bulk import sets the text as it writes) costs one read.
    """
    batch = []
    programs = programs.select_related("organization").only(
        "pk",
        "title",
        "annotation",
        "search_text",
        "organization__short_name",
        "organization__full_name",
    )
    for program in programs.iterator(chunk_size=batch_size):
        text = program.build_search_text(program.organization)
        if text == program.search_text:
            continue
        program.search_text = text
        batch.append(program)
        if len(batch) >= batch_size:
            update_in_bulk(Program, batch, ["search_text"])
            batch = []
    update_in_bulk(Program, batch, ["search_text"])


def after_bulk_change(program_ids):
    """Bring what save() would have updated up to date for programs written in bulk.

    bulk_create/bulk_update skip Program.save(), so the import (and anything else that
    writes programs in bulk) calls this with the ids it wrote. Today it recomputes the
    search text, then recounts the search vocabulary (the words before the change are gone,
    so it is counted anew rather than by difference).
    """
    program_ids = list(program_ids)
    for start in range(0, len(program_ids), 5000):
        reindex_programs(Program.objects.filter(pk__in=program_ids[start : start + 5000]))
    if program_ids:
        rebuild_search_vocabulary()


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
    with kept_in_step(targets):  # update() skips save(), which keeps the search words
        targets.update(status=status, updated_at=timezone.now())
    # update() skips the history too: record the new status in the user's name.
    Program.history.bulk_history_create(
        targets, update=True, default_user=user, default_change_reason="Статус"
    )
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

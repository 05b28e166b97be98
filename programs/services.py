"""Business operations on the catalogue."""

from django.db import transaction

from .models import Program


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

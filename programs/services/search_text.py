"""Programs' search text after changes that bypass `saving` (bulk writes, a renamed
organization): recomputed where out of date, the vocabulary recounted."""

from django.db import transaction

from moc_portal.core.page_cache import content_changed

from ..models import Program
from ..search_vocabulary import rebuild_search_vocabulary
from .bulk import update_in_bulk


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
    """What `save_program` keeps in step, brought up to date for programs written in bulk.

    bulk_create and bulk updates skip `saving.save_program`, so the import (and anything else
    that writes programs in bulk) calls this with the ids it wrote: it recomputes the search
    text, then recounts the search vocabulary (the words before the change are gone, so it is
    counted anew rather than by difference).
    """
    program_ids = list(program_ids)
    content_changed()
    for start in range(0, len(program_ids), 5000):
        reindex_programs(Program.objects.filter(pk__in=program_ids[start : start + 5000]))
    if program_ids:
        rebuild_search_vocabulary()

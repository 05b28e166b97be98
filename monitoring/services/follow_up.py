"""Marking a report's figure «на контроль» and closing the mark with a resolution."""

from django.db import transaction
from django.utils import timezone

from programs.models import Direction

from ..models import FollowUp, Indicator
from .submissions import SubmissionError, entry_rows


@transaction.atomic
def mark_for_follow_up(submission, key, note, user):
    """Mark the figure `key` ((code, direction or None)) of the report, with what to check."""
    note = (note or "").strip()
    if not note:
        raise SubmissionError("Напишите, что проверить: без заметки на контроль не поставить.")
    rows = {
        row.key: row for group in entry_rows(submission, submission.period) for row in group.rows
    }
    row = rows.get(key)
    if row is None or row.value is None:
        raise SubmissionError("В отчёте нет такого значения.")
    code, direction = key
    return FollowUp.objects.create(
        submission=submission,
        indicator=Indicator.objects.get(code=code),
        direction=Direction.objects.get(code=direction) if direction else None,
        value=row.value,
        expected=row.expected.text if row.expected else "",
        note=note,
        marked_by=user,
        marked_at=timezone.now(),
    )


@transaction.atomic
def close_follow_up(follow_up, resolution, user):
    resolution = (resolution or "").strip()
    if not resolution:
        raise SubmissionError("Напишите решение: без него значение с контроля не снять.")
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if not locked.is_open:
        raise SubmissionError("Это значение уже снято с контроля.")
    locked.resolution, locked.closed_by, locked.closed_at = resolution, user, timezone.now()
    locked.save(update_fields=["resolution", "closed_by", "closed_at"])
    return locked

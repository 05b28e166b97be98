"""The practice's status workflow: one table of allowed transitions, one function to move.

подана → техническая проверка → экспертиза → опубликована; at each of the first three steps
a methodist may instead return the practice for revision (with a comment; the author then
resubmits it) or reject it (with a comment). Published and rejected practices stay so.
Every move writes a PracticeTransition: who, when and the comment.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from moc_portal.core.text import plural

from ..models import Practice, PracticeSettings, PracticeTransition, Status
from . import notifications
from .saving import save_practice


class WorkflowError(Exception):
    """A transition was refused; str(error) says why, in Russian."""


@dataclass(frozen=True)
class Move:
    target: str
    by_author: bool = False  # made by the author through the site, not by staff
    needs_comment: bool = False


RETURN = Move(Status.RETURNED, needs_comment=True)
REJECT = Move(Status.REJECTED, needs_comment=True)

ALLOWED = {
    Status.SUBMITTED: (Move(Status.SCREENING), RETURN, REJECT),
    Status.SCREENING: (Move(Status.REVIEW), RETURN, REJECT),
    Status.REVIEW: (Move(Status.PUBLISHED), RETURN, REJECT),
    Status.RETURNED: (Move(Status.SUBMITTED, by_author=True),),
    Status.PUBLISHED: (),
    Status.REJECTED: (),
}

# What the staff's buttons say for each target status.
ACTION_LABELS = {
    Status.SCREENING: "Начать техническую проверку",
    Status.REVIEW: "Передать на экспертизу",
    Status.PUBLISHED: "Опубликовать",
    Status.RETURNED: "Вернуть на доработку",
    Status.REJECTED: "Отклонить",
}


def allowed_moves(status, *, by_author=False):
    return [move for move in ALLOWED[Status(status)] if move.by_author == by_author]


def staff_targets(practice):
    """The statuses staff may move this practice to, in the table's order."""
    return [move.target for move in allowed_moves(practice.status)]


def find_move(from_status, to_status, *, by_author):
    for move in allowed_moves(from_status, by_author=by_author):
        if move.target == to_status:
            return move
    return None


def completed_review_count(practice):
    return practice.reviews.filter(submitted_at__isnull=False).count()


def transition(practice, to_status, *, actor=None, comment="", notify=True):
    """Move `practice` to `to_status`; actor None means its author (via the site).

    The row is locked for the check and the move, so two methodists clicking at once cannot
    both move it. Returns the PracticeTransition written; raises WorkflowError.
    """
    comment = (comment or "").strip()
    with transaction.atomic():
        locked = Practice.objects.select_for_update().get(pk=practice.pk)
        from_status = locked.status
        move = find_move(from_status, to_status, by_author=actor is None)
        if move is None:
            raise WorkflowError(
                f"Нельзя перевести практику из статуса «{Status(from_status).label}» "
                f"в статус «{Status(to_status).label}»."
            )
        if move.needs_comment and not comment:
            raise WorkflowError(
                "Напишите комментарий: автор увидит, почему практика "
                f"{'возвращена' if to_status == Status.RETURNED else 'отклонена'}."
            )
        if to_status == Status.PUBLISHED:
            _check_reviews(locked)
        now = timezone.now()
        locked.status = to_status
        locked.status_changed_at = now
        fields = ["status", "status_changed_at", "updated_at"]
        if to_status == Status.PUBLISHED:
            locked.published_at = now
            fields.append("published_at")
        save_practice(locked, update_fields=fields)
        record = PracticeTransition.objects.create(
            practice=locked,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            comment=comment,
        )
        if notify:  # queued in the outbox with the move: both kept or neither
            notifications.status_changed(locked, record)
    for name in ("status", "status_changed_at", "published_at", "updated_at"):
        setattr(practice, name, getattr(locked, name))
    return record


def _check_reviews(practice):
    needed = PracticeSettings.load().min_reviews
    done = completed_review_count(practice)
    if done < needed:
        # «не меньше одной оценки», «не меньше двух (пяти) оценок»: genitive after «меньше».
        reviews = plural(needed, "экспертной оценки", "экспертных оценок", "экспертных оценок")
        raise WorkflowError(f"Для публикации нужно не меньше {reviews}, выставлено: {done}.")

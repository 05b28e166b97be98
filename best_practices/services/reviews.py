"""Experts and their reviews: who is an expert, assigning one, scoring."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import CRITERIA, Review, Status
from ..selectors import experts

# A methodist may line experts up during the technical check, before the review starts.
ASSIGNABLE_STATUSES = (Status.SCREENING, Status.REVIEW)


class ReviewError(Exception):
    """A review operation was refused; str(error) says why, in Russian."""


def assign_expert(practice, expert, *, by=None):
    if practice.status not in ASSIGNABLE_STATUSES:
        raise ReviewError(
            "Экспертов назначают на этапе технической проверки или экспертизы, "
            f"а практика сейчас в статусе «{practice.get_status_display()}»."
        )
    if not experts().filter(pk=expert.pk).exists():
        raise ReviewError(f"{expert.get_username()} не эксперт банка практик.")
    try:
        with transaction.atomic():
            return Review.objects.create(practice=practice, expert=expert, assigned_by=by)
    except IntegrityError:
        raise ReviewError("Этот эксперт уже назначен на практику.") from None


def submit_review(review, *, scores, comment, by):
    """The expert's scores {criterion: 0–5} and comment; only while the practice is under review."""
    if by.pk != review.expert_id:
        raise ReviewError("Оценку выставляет только назначенный эксперт.")
    if review.practice.status != Status.REVIEW:
        raise ReviewError("Оценки принимаются, только пока практика на экспертизе.")
    for field, label in CRITERIA:
        score = scores.get(field)
        if score is None or not 0 <= int(score) <= 5:
            raise ReviewError(f"Поставьте оценку «{label}» от 0 до 5.")
        setattr(review, field, int(score))
    review.comment = (comment or "").strip()
    review.submitted_at = timezone.now()
    review.save()
    return review

"""An expert's review: assigned by a methodist, scored by the expert, criterion by criterion."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Cast

from moc_portal.core.user_references import user_reference

SCORE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(5)]
# (field, label): the criteria of DOMAIN.md, 0–5 each.
CRITERIA = (
    ("relevance", "Актуальность"),
    ("novelty", "Новизна"),
    ("effectiveness", "Результативность"),
    ("replicability", "Тиражируемость"),
)


def _score_field(label):
    return models.PositiveSmallIntegerField(
        f"{label.lower()}, 0–5", validators=SCORE_VALIDATORS, null=True, blank=True
    )


class Review(models.Model):
    practice = models.ForeignKey(
        "best_practices.Practice",
        verbose_name="практика",
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="эксперт",
        on_delete=models.PROTECT,
        related_name="practice_reviews",
    )
    relevance = _score_field("Актуальность")
    novelty = _score_field("Новизна")
    effectiveness = _score_field("Результативность")
    replicability = _score_field("Тиражируемость")
    comment = models.TextField("комментарий эксперта", blank=True)
    assigned_at = models.DateTimeField("назначена", auto_now_add=True)
    assigned_by = user_reference("назначил(а)")
    submitted_at = models.DateTimeField("оценка выставлена", null=True, blank=True)

    class Meta:
        verbose_name = "экспертная оценка"
        verbose_name_plural = "экспертные оценки"
        ordering = ["assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "expert"],
                name="review_one_per_expert",
                violation_error_message="Этот эксперт уже назначен на практику.",
            ),
            models.CheckConstraint(
                condition=models.Q(submitted_at__isnull=True)
                | models.Q(
                    relevance__isnull=False,
                    novelty__isnull=False,
                    effectiveness__isnull=False,
                    replicability__isnull=False,
                ),
                name="review_submitted_has_every_score",
                violation_error_message="Выставленная оценка содержит баллы по всем критериям.",
            ),
        ]

    def __str__(self):
        return f"{self.practice} — {self.expert.get_full_name() or self.expert.get_username()}"

    @property
    def scores(self):
        return [getattr(self, field) for field, _ in CRITERIA]

    @property
    def is_done(self):
        return self.submitted_at is not None

    @property
    def average(self):
        """The mean of the four criteria, or None while any is missing."""
        scores = self.scores
        if any(score is None for score in scores):
            return None
        return sum(scores) / len(scores)

    @staticmethod
    def average_expression(prefix=""):
        """The same mean as `average`, in SQL (for annotations over many reviews)."""
        total = sum(
            (models.F(f"{prefix}{field}") for field, _ in CRITERIA[1:]),
            start=models.F(f"{prefix}{CRITERIA[0][0]}"),
        )
        return Cast(total, models.FloatField()) / len(CRITERIA)

"""Values a reviewer put «на контроль»: a note, then a resolution that closes it."""

from django.db import models

from moc_portal.core.user_references import user_reference

from .collection import Submission
from .indicators import Indicator, figure_direction


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)

    def for_listing(self):
        return self.select_related(
            "submission__organization", "submission__period", "indicator", "direction", "marked_by"
        ).order_by("marked_at", "id")


class FollowUp(models.Model):
    """One figure of one report marked for follow-up. Keyed by the report, indicator and
    direction (a report's values are replaced on every save), with the value and its usual
    range as they were when marked."""

    submission = models.ForeignKey(
        Submission, verbose_name="отчёт", on_delete=models.CASCADE, related_name="follow_ups"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name="показатель", on_delete=models.PROTECT, related_name="+"
    )
    direction = figure_direction()
    value = models.DecimalField("значение при отметке", max_digits=14, decimal_places=2)
    expected = models.CharField("обычный диапазон", max_length=100, blank=True)
    note = models.TextField("что проверить")
    marked_by = user_reference("поставил на контроль")
    marked_at = models.DateTimeField("поставлено на контроль")
    resolution = models.TextField("решение", blank=True)
    closed_by = user_reference("снял с контроля")
    closed_at = models.DateTimeField("снято с контроля", null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = "значение на контроле"
        verbose_name_plural = "значения на контроле"
        ordering = ["-marked_at"]

    def __str__(self):
        return f"{self.submission}: {self.indicator.code}"

    @property
    def is_open(self):
        return self.closed_at is None

"""Locked months: an exception lets one organization enter one month's figures after it locked."""

from django.db import models
from simple_history.models import HistoricalRecords

from moc_portal.core.user_references import user_reference
from programs.models import Organization

from .collection import ReportingPeriod


class EntryException(models.Model):
    """Entry reopened for one organization and one month until a date, with why.

    Granted by a methodist in the admin or by returning a report for revision in a locked
    month; it stops counting after `until` and the daily task removes it then; its history
    keeps who granted it, when and why, and when it went.
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="entry_exceptions",
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name="период",
        on_delete=models.CASCADE,
        related_name="entry_exceptions",
    )
    reason = models.TextField("причина")
    until = models.DateField(
        "действует по", help_text="Включительно; на следующий день ввод снова закрыт."
    )
    granted_by = user_reference("разрешил")
    granted_at = models.DateTimeField("разрешено", auto_now_add=True)
    history = HistoricalRecords(verbose_name="история исключения")

    class Meta:
        verbose_name = "исключение: ввод после срока"
        verbose_name_plural = "исключения: ввод после срока"
        ordering = ["-until"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "period"], name="entry_exception_once_per_month"
            )
        ]

    def __str__(self):
        return f"{self.organization} — {self.period}, до {self.until:%d.%m.%Y}"

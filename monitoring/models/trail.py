"""The review trail: every step of a submission, who took it and when.

A small event table rather than a history of every field: what a reviewer and an
organization need is the story of the report (sent, returned with why, sent again,
accepted), and a return comment must never overwrite the previous one.
"""

from django.db import models

from moc_portal.core.user_references import user_reference

from .collection import Submission


class SubmissionEvent(models.Model):
    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Отправлен"
        RETURNED = "returned", "Возвращён на доработку"
        ACCEPTED = "accepted", "Принят"
        CORRECTED = "corrected", "Исправлен в администрировании"
        ENTERED = "entered", "Данные внесены сотрудником МОЦ"

    submission = models.ForeignKey(
        Submission, verbose_name="отчёт", on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField("шаг", max_length=10, choices=Kind.choices)
    user = user_reference("кто")
    at = models.DateTimeField("когда")
    comment = models.TextField("комментарий", blank=True)
    on_behalf = models.BooleanField(
        "за организацию",
        default=False,
        help_text="Шаг сделал не представитель организации, а координатор или методист МОЦ.",
    )

    class Meta:
        verbose_name = "шаг проверки отчёта"
        verbose_name_plural = "шаги проверки отчётов"
        ordering = ["submission", "at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%d.%m.%Y %H:%M}"

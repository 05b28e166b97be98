"""A representative's proposed change to a published program, waiting for a methodist.

The public page and the catalogue keep the published version: the proposed values of the
descriptive fields live here (`values`, by field name, as JSON) until a methodist approves
(they are applied through `programs.services.revisions`) or returns the proposal with a
reason the representative sees and receives by e-mail. A program has at most one pending
revision: a second edit before the decision adds to it. A returned new program (never
published) is recorded here too, with no values and the reason.
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from moc_portal.core.user_references import user_reference

from .programs import Program


class ProgramRevision(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Ждёт проверки"
        APPROVED = "approved", "Одобрена"
        RETURNED = "returned", "Возвращена на доработку"

    program = models.ForeignKey(
        Program, verbose_name="программа", on_delete=models.CASCADE, related_name="revisions"
    )
    values = models.JSONField(
        "предложенные значения", default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    author = user_reference("автор")
    state = models.CharField(
        "состояние", max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    reason = models.TextField("причина возврата", blank=True)
    decided_by = user_reference("решение принял(а)")
    decided_at = models.DateTimeField("решение принято", null=True, blank=True)
    created_at = models.DateTimeField("предложена", auto_now_add=True)
    updated_at = models.DateTimeField("изменена", auto_now=True)

    class Meta:
        verbose_name = "правка программы"
        verbose_name_plural = "правки программ"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program"],
                condition=models.Q(state="pending"),
                name="program_one_pending_revision",
            )
        ]

    def __str__(self):
        return f"{self.program} — {self.get_state_display().lower()}"

    @property
    def is_pending(self):
        return self.state == self.State.PENDING

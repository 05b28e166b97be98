"""The practice's history: every status change with who, when and why."""

from django.db import models

from moc_portal.core.user_references import user_reference

from .practices import Status


class PracticeTransition(models.Model):
    practice = models.ForeignKey(
        "best_practices.Practice",
        verbose_name="практика",
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField("было", max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField("стало", max_length=20, choices=Status.choices)
    actor = user_reference("кто", help_text="Пусто — автор практики (через сайт).")
    comment = models.TextField("комментарий", blank=True)
    created_at = models.DateTimeField("когда", auto_now_add=True)

    class Meta:
        verbose_name = "изменение статуса"
        verbose_name_plural = "история статусов"
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"

    @property
    def actor_name(self):
        if self.actor is None:
            return "автор"
        return self.actor.get_full_name() or self.actor.get_username()

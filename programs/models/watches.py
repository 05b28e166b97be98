"""«Сообщить, когда откроется запись»: a parent's e-mail waiting for a program's enrolment.

No account: the address, the consent given with it, and the dates of the double opt-in and
of the one message. The address is erased (the row stays, for the count of unmet demand)
after the window closes, after the retention period, or when the parent unsubscribes; see
`programs.services.watches`.
"""

from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery

from moc_portal.models import ConsentRecord

from .programs import Program


class EnrolmentWatchQuerySet(models.QuerySet):
    def waiting(self):
        """Confirmed, not told yet, not erased: the unmet demand."""
        return self.filter(
            confirmed_at__isnull=False, notified_at__isnull=True, erased_at__isnull=True
        )

    def count_per_program(self):
        """How many of these rows the outer query's program has (`OuterRef("pk")`), as a
        subquery expression for a Program queryset; NULL for a program with none."""
        counted = (
            self.filter(program=OuterRef("pk"))
            .order_by()
            .values("program")
            .annotate(count=Count("id"))
            .values("count")
        )
        return Subquery(counted, output_field=IntegerField())


class EnrolmentWatch(models.Model):
    program = models.ForeignKey(
        Program,
        verbose_name="программа",
        on_delete=models.CASCADE,
        related_name="enrolment_watches",
    )
    email = models.EmailField("e-mail", blank=True)
    consent = models.ForeignKey(
        ConsentRecord,
        verbose_name="согласие на обработку персональных данных",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("подписка", auto_now_add=True)
    confirmed_at = models.DateTimeField("подтверждена", null=True, blank=True)
    notified_at = models.DateTimeField("письмо об открытии записи", null=True, blank=True)
    erased_at = models.DateTimeField("адрес удалён", null=True, blank=True, db_index=True)

    objects = EnrolmentWatchQuerySet.as_manager()

    class Meta:
        verbose_name = "ожидание записи"
        verbose_name_plural = "ожидания записи"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["program", "confirmed_at", "notified_at"])]

    def __str__(self):
        return f"{self.program} — {self.created_at:%d.%m.%Y}"

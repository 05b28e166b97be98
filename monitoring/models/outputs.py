"""What the МОЦ builds from the figures: monthly reports and the exports to the РМЦ."""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from moc_portal.core.uploads import GeneratedFileField, UploadFileField
from moc_portal.core.user_references import user_reference
from programs.models import Organization

from .collection import ReportingPeriod


class MonthlyReport(models.Model):
    """The coordinators' XLSX report for a period, built in the background and kept."""

    class Status(models.TextChoices):
        PENDING = "pending", "В очереди"
        RUNNING = "running", "Формируется"
        DONE = "done", "Готов"
        FAILED = "failed", "Ошибка"

    period = models.ForeignKey(
        ReportingPeriod, verbose_name="период", on_delete=models.CASCADE, related_name="reports"
    )
    status = models.CharField(
        "статус", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField("готовность, %", default=0)
    file = GeneratedFileField("файл", folder="monitoring/reports", blank=True)
    requested_by = user_reference("заказал")
    requested_at = models.DateTimeField("заказан", auto_now_add=True)
    queued_at = models.DateTimeField(
        "передан на формирование",
        null=True,
        blank=True,
        help_text="Пусто, пока отчёт не удалось передать очереди задач (Redis недоступен).",
    )
    finished_at = models.DateTimeField("готов", null=True, blank=True)
    error = models.TextField("ошибка", blank=True)

    class Meta:
        verbose_name = "отчёт за месяц"
        verbose_name_plural = "отчёты за месяц"
        ordering = ["-requested_at"]

    def __str__(self):
        return f"Отчёт за {self.period}"

    def get_absolute_url(self):
        return reverse("monitoring:report_status", kwargs={"pk": self.pk})

    @property
    def is_waiting_for_queue(self):
        return self.status == self.Status.PENDING and self.queued_at is None


class RmcForm(models.Model):
    """The РМЦ's own XLSX form with {{placeholders}}; the active one shapes the export."""

    name = models.CharField("название", max_length=200)
    file = UploadFileField("файл формы (XLSX)", policy="spreadsheet", folder="monitoring/rmc_forms")
    is_active = models.BooleanField("используется для выгрузки", default=False)
    uploaded_at = models.DateTimeField("загружена", auto_now_add=True)

    class Meta:
        verbose_name = "форма РМЦ"
        verbose_name_plural = "формы РМЦ"
        ordering = ["-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="one_active_rmc_form"
            )
        ]

    def __str__(self):
        return self.name


class RmcExport(models.Model):
    """The archive of exports to the РМЦ: exactly one per period."""

    class Status(models.TextChoices):
        BUILDING = "building", "Формируется"
        BUILT = "built", "Сформирована"
        SENT = "sent", "Отправлена"
        FAILED = "failed", "Ошибка"

    period = models.OneToOneField(
        ReportingPeriod, verbose_name="период", on_delete=models.PROTECT, related_name="rmc_export"
    )
    status = models.CharField(
        "статус", max_length=10, choices=Status.choices, default=Status.BUILDING
    )
    file = GeneratedFileField("файл", folder="monitoring/rmc_exports", blank=True)
    checksum = models.CharField("контрольная сумма SHA-256", max_length=64, blank=True)
    form = models.ForeignKey(
        RmcForm,
        verbose_name="форма РМЦ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    built_at = models.DateTimeField("сформирована", null=True, blank=True)
    sent_at = models.DateTimeField("отправлена", null=True, blank=True)
    recipients = models.TextField("получатели", blank=True)
    attempts = models.PositiveSmallIntegerField("попыток отправки", default=0)
    error = models.TextField("последняя ошибка", blank=True)

    class Meta:
        verbose_name = "выгрузка в РМЦ"
        verbose_name_plural = "выгрузки в РМЦ"
        ordering = ["-period__year", "-period__month"]

    def __str__(self):
        return f"Выгрузка в РМЦ за {self.period}"


class SentReminder(models.Model):
    """A deadline reminder mailed to an organization: at most one per period, organization
    and day, whatever the cache or the number of workers (the unique constraint decides)."""

    period = models.ForeignKey(
        ReportingPeriod, verbose_name="период", on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField("дата")
    recipients = models.TextField("получатели", blank=True)

    class Meta:
        verbose_name = "отправленное напоминание"
        verbose_name_plural = "отправленные напоминания"
        constraints = [
            models.UniqueConstraint(
                fields=["period", "organization", "sent_on"], name="one_reminder_a_day"
            )
        ]

    def __str__(self):
        return f"{self.organization} — {self.period}, {self.sent_on:%d.%m.%Y}"

"""What organizations send each month: periods, submissions and their values."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from moc_portal.core.months import Month
from moc_portal.core.user_references import user_reference
from programs.models import Organization

from .indicators import Indicator, figure_direction

# A period is due on this day of the next month unless the admin sets another deadline.
DEFAULT_DEADLINE_DAY = 5


class ReportingPeriod(models.Model):
    year = models.PositiveSmallIntegerField(
        "год", validators=[MinValueValidator(2019), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        "месяц", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    deadline = models.DateField("срок сдачи")
    is_closed = models.BooleanField("закрыт", default=False)
    closed_at = models.DateTimeField("закрыт когда", null=True, blank=True)
    entry_locked_at = models.DateTimeField(
        "ввод закрыт",
        null=True,
        blank=True,
        help_text="Когда ежедневная задача отметила, что срок сдачи с льготными днями прошёл.",
    )

    class Meta:
        verbose_name = "отчётный период"
        verbose_name_plural = "отчётные периоды"
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="period_once_per_month")
        ]

    def __str__(self):
        return self.name.capitalize()

    def get_absolute_url(self):
        return reverse("monitoring:dashboard") + f"?period={self.code}"

    @classmethod
    def for_month(cls, month, deadline_day=DEFAULT_DEADLINE_DAY):
        """An unsaved period of the Month, due on the Nth of the next month."""
        return cls(year=month.year, month=month.number, deadline=month.next().day(deadline_day))

    @property
    def calendar_month(self):
        return Month(self.year, self.month)

    @property
    def code(self):
        """ "2026-10": in URLs and file names."""
        return self.calendar_month.code

    @property
    def name(self):
        """«октябрь 2026», for the middle of a sentence."""
        return self.calendar_month.name

    @property
    def is_open(self):
        return not self.is_closed

    def previous(self):
        """The period of the month before, when it exists."""
        month = self.calendar_month.previous()
        return ReportingPeriod.objects.filter(year=month.year, month=month.number).first()


class Submission(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Черновик"
        SUBMITTED = "submitted", "Отправлен"
        ACCEPTED = "accepted", "Принят"
        RETURNED = "returned", "Возвращён на доработку"

    SENT_STATUSES = (Status.SUBMITTED, Status.ACCEPTED)
    # The one definition of "editable": the organization may still change the figures.
    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name="период",
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    status = models.CharField(
        "статус", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(
        "версия", default=0, help_text="Растёт при каждом сохранении: защищает от перезаписи."
    )
    return_comment = models.TextField("комментарий при возврате", blank=True)
    saved_by = user_reference("сохранил")
    saved_at = models.DateTimeField("сохранено", null=True, blank=True)
    submitted_by = user_reference("отправил")
    submitted_at = models.DateTimeField("отправлено", null=True, blank=True)
    # Timeliness counts the first sending: a report returned and sent again keeps it.
    first_submitted_at = models.DateTimeField("впервые отправлено", null=True, blank=True)
    reviewed_by = user_reference("проверил")
    reviewed_at = models.DateTimeField("проверено", null=True, blank=True)

    class Meta:
        verbose_name = "отчёт организации"
        verbose_name_plural = "отчёты организаций"
        ordering = ["-period__year", "-period__month", "organization__short_name"]
        permissions = [
            ("view_dashboard", "Видит панель мониторинга и скачивает отчёты"),
            ("submit_for_any_organization", "Вводит данные за любую организацию"),
            ("review_submission", "Принимает и возвращает отчёты организаций"),
            ("manage_rmc_export", "Формирует и отправляет выгрузку в РМЦ"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "period"], name="submission_once_per_period"
            )
        ]

    def __str__(self):
        return f"{self.organization} — {self.period}"

    def get_absolute_url(self):
        return reverse(
            "monitoring:submission",
            kwargs={"period": self.period.code, "organization": self.organization.slug},
        )

    @property
    def is_editable(self):
        return self.period.is_open and self.status in self.EDITABLE_STATUSES


class Value(models.Model):
    submission = models.ForeignKey(
        Submission, verbose_name="отчёт", on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name="показатель", on_delete=models.PROTECT, related_name="values"
    )
    direction = figure_direction()
    value = models.DecimalField(
        "значение", max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    explanation = models.CharField(
        "пояснение",
        max_length=500,
        blank=True,
        help_text="Почему значение сильно изменилось по сравнению с прошлым месяцем.",
    )

    class Meta:
        verbose_name = "значение"
        verbose_name_plural = "значения"
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator", "direction"],
                name="value_once_per_direction",
            ),
            models.UniqueConstraint(
                fields=["submission", "indicator"],
                condition=Q(direction__isnull=True),
                name="value_total_once",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="value_not_negative"),
        ]

    def __str__(self):
        return f"{self.indicator.code}={self.value}"


class CatalogueSnapshot(models.Model):
    """Catalogue-computed figures frozen when a period closes, so old reports never change."""

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="catalogue_snapshots"
    )
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    direction = figure_direction()
    value = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "снимок показателя каталога"
        verbose_name_plural = "снимки показателей каталога"
        constraints = [
            models.UniqueConstraint(
                fields=["period", "organization", "indicator", "direction"],
                name="snapshot_once_per_direction",
            ),
            models.UniqueConstraint(
                fields=["period", "organization", "indicator"],
                condition=Q(direction__isnull=True),
                name="snapshot_total_once",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code}={self.value} ({self.period})"

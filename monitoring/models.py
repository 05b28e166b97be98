"""Monitoring: what organizations report each month and what the МОЦ sends to the РМЦ.

Indicators are data, not code: the РМЦ changes the set from year to year.
"""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from programs.models import Direction, Organization

MONTH_NAMES = [
    "",
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
]


def staff_reference(verbose_name):
    """Who did something; deleting the account empties the reference, not the record."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class IndicatorQuerySet(models.QuerySet):
    def active_in(self, year, month):
        first_day = datetime.date(year, month, 1)
        last_day = datetime.date(year, month, calendar.monthrange(year, month)[1])
        return self.filter(
            Q(active_from__isnull=True) | Q(active_from__lte=last_day),
            Q(active_to__isnull=True) | Q(active_to__gte=first_day),
        )

    def entered(self):
        return self.filter(source=Indicator.Source.ENTERED)


class Indicator(models.Model):
    class Aggregation(models.TextChoices):
        SUM = "sum", "Сумма по организациям"
        AVERAGE = "average", "Среднее по организациям"
        RATIO = "ratio", "Отношение двух показателей"

    class Source(models.TextChoices):
        ENTERED = "entered", "Вводит организация ежемесячно"
        CATALOGUE = "catalogue", "Считается по каталогу программ"
        MUNICIPAL = "municipal", "Муниципальный показатель (раз в год)"
        COMPUTED = "computed", "Вычисляется из других показателей"

    class CatalogueMetric(models.TextChoices):
        PROGRAMS = "programs", "Опубликованные программы"
        LEVEL_START = "level_start", "Программы стартового уровня"
        LEVEL_BASE = "level_base", "Программы базового уровня"
        LEVEL_ADVANCED = "level_advanced", "Программы продвинутого уровня"
        NETWORK = "network", "Сетевые программы"
        DISTANCE = "distance", "Дистанционные программы"
        OVZ = "ovz", "Адаптированные для детей с ОВЗ"

    code = models.SlugField(
        "код",
        max_length=50,
        unique=True,
        help_text="Латиница, цифры и _; используется в шаблонах РМЦ: {{код}} или {{код:tech}}.",
    )
    name = models.CharField("название", max_length=300)
    unit = models.CharField("единица измерения", max_length=20, default="чел.")
    group = models.CharField("группа", max_length=100, default="Охват")
    order = models.PositiveSmallIntegerField("порядок", default=0)
    source = models.CharField(
        "источник", max_length=10, choices=Source.choices, default=Source.ENTERED
    )
    aggregation = models.CharField(
        "сведение по муниципалитету",
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
    )
    numerator = models.ForeignKey(
        "self",
        verbose_name="числитель",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    denominator = models.ForeignKey(
        "self",
        verbose_name="знаменатель",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ratio_scale = models.PositiveIntegerField(
        "множитель отношения", default=100, help_text="100 — результат в процентах."
    )
    part_of = models.ForeignKey(
        "self",
        verbose_name="часть показателя",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
        help_text="Значение не может превышать значение этого показателя "
        "(например, дети с ОВЗ ≤ все дети).",
    )
    by_direction = models.BooleanField("с разбивкой по направленностям", default=False)
    catalogue_metric = models.CharField(
        "что считать в каталоге", max_length=20, choices=CatalogueMetric.choices, blank=True
    )
    is_required = models.BooleanField("обязателен для заполнения", default=True)
    is_key = models.BooleanField("ключевой (на панели координатора)", default=False)
    active_from = models.DateField("действует с", null=True, blank=True)
    active_to = models.DateField("действует по", null=True, blank=True)
    description = models.TextField("методика / пояснение", blank=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = "показатель"
        verbose_name_plural = "показатели"
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.name} ({self.unit})"

    def clean(self):
        errors = {}
        if self.aggregation == self.Aggregation.RATIO and not (
            self.numerator_id and self.denominator_id
        ):
            errors["aggregation"] = "Для отношения укажите числитель и знаменатель."
        if self.source == self.Source.CATALOGUE and not self.catalogue_metric:
            errors["catalogue_metric"] = "Укажите, что считать в каталоге."
        if self.source == self.Source.COMPUTED and self.aggregation != self.Aggregation.RATIO:
            errors["source"] = "Вычисляемый показатель должен быть отношением двух показателей."
        if self.part_of_id and self.part_of_id == self.pk:
            errors["part_of"] = "Показатель не может быть частью самого себя."
        if self.active_from and self.active_to and self.active_from > self.active_to:
            errors["active_to"] = "Дата окончания раньше даты начала."
        if errors:
            raise ValidationError(errors)


class Target(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name="показатель", on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(
        "год", validators=[MinValueValidator(2019), MaxValueValidator(2100)]
    )
    value = models.DecimalField("целевое значение", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "целевое значение"
        verbose_name_plural = "целевые значения"
        ordering = ["-year", "indicator__order"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="target_once_per_year")
        ]

    def __str__(self):
        return f"{self.indicator.name}: {self.value} ({self.year})"


class MunicipalFigure(models.Model):
    """A figure the МОЦ enters once a year for the whole municipality (e.g. children 5–18)."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name="показатель",
        on_delete=models.CASCADE,
        related_name="municipal_figures",
        limit_choices_to={"source": Indicator.Source.MUNICIPAL},
    )
    year = models.PositiveSmallIntegerField(
        "год", validators=[MinValueValidator(2019), MaxValueValidator(2100)]
    )
    value = models.DecimalField(
        "значение", max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = "муниципальный показатель"
        verbose_name_plural = "муниципальные показатели"
        ordering = ["-year", "indicator__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"], name="municipal_figure_once_per_year"
            )
        ]

    def __str__(self):
        return f"{self.indicator.name}: {self.value} ({self.year})"


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

    @property
    def code(self):
        return f"{self.year}-{self.month:02d}"

    @property
    def name(self):
        """«октябрь 2026», for the middle of a sentence."""
        return f"{MONTH_NAMES[self.month]} {self.year}"

    @property
    def is_open(self):
        return not self.is_closed

    def previous(self):
        year, month = (self.year, self.month - 1) if self.month > 1 else (self.year - 1, 12)
        return ReportingPeriod.objects.filter(year=year, month=month).first()

    @classmethod
    def parse_code(cls, code):
        """'2026-10' → (2026, 10); ValueError for anything else."""
        year_text, _, month_text = (code or "").partition("-")
        year, month = int(year_text), int(month_text)
        if not (2019 <= year <= 2100 and 1 <= month <= 12):
            raise ValueError(code)
        return year, month


class Submission(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Черновик"
        SUBMITTED = "submitted", "Отправлена"
        ACCEPTED = "accepted", "Принята"
        RETURNED = "returned", "Возвращена на доработку"

    SENT_STATUSES = (Status.SUBMITTED, Status.ACCEPTED)

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
    saved_by = staff_reference("сохранил")
    saved_at = models.DateTimeField("сохранено", null=True, blank=True)
    submitted_by = staff_reference("отправил")
    submitted_at = models.DateTimeField("отправлено", null=True, blank=True)
    reviewed_by = staff_reference("проверил")
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
        return self.period.is_open and self.status in (self.Status.DRAFT, self.Status.RETURNED)


class Value(models.Model):
    submission = models.ForeignKey(
        Submission, verbose_name="отчёт", on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name="показатель", on_delete=models.PROTECT, related_name="values"
    )
    direction = models.ForeignKey(
        Direction,
        verbose_name="направленность",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    value = models.DecimalField(
        "значение", max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
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
    direction = models.ForeignKey(
        Direction, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
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
    file = models.FileField("файл", upload_to="monitoring/reports/", blank=True)
    requested_by = staff_reference("заказал")
    requested_at = models.DateTimeField("заказан", auto_now_add=True)
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


class RmcForm(models.Model):
    """The РМЦ's own XLSX form with {{placeholders}}; the active one shapes the export."""

    name = models.CharField("название", max_length=200)
    file = models.FileField("файл формы (XLSX)", upload_to="monitoring/rmc_forms/")
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
    file = models.FileField("файл", upload_to="monitoring/rmc_exports/", blank=True)
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

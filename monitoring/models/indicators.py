"""What is measured: indicators, their yearly targets and the municipal figures.

Indicators are data, not code: the РМЦ changes the set from year to year.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from programs.models import Direction


class IndicatorQuerySet(models.QuerySet):
    def active_in(self, month):
        """Indicators in force at some time during the Month."""
        return self.filter(
            Q(active_from__isnull=True) | Q(active_from__lte=month.last_day),
            Q(active_to__isnull=True) | Q(active_to__gte=month.first_day),
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
        SURVEY = "survey", "Считается по опросу «Оценка качества»"

    class CatalogueMetric(models.TextChoices):
        PROGRAMS = "programs", "Опубликованные программы"
        LEVEL_START = "level_start", "Программы стартового уровня"
        LEVEL_BASE = "level_base", "Программы базового уровня"
        LEVEL_ADVANCED = "level_advanced", "Программы продвинутого уровня"
        NETWORK = "network", "Сетевые программы"
        DISTANCE = "distance", "Дистанционные программы"
        OVZ = "ovz", "Адаптированные для детей с ОВЗ"
        # Not the catalogue's, but counted the same way, from the portal's own records.
        CONSULTATIONS = "consultations", "Консультации МОЦ с ответом за месяц"
        WAITING = "waiting", "Родители, ждущие открытия записи"

    class SurveyMetric(models.TextChoices):
        # The codes are quality.selectors.Metric's.
        RESPONDENTS = "respondents", "Число респондентов за месяц"
        TOTAL = "total", "Итоговый балл организации (среднее пяти критериев)"
        OPENNESS = "openness", "К1. Открытость и доступность информации"
        COMFORT = "comfort", "К2. Комфортность условий"
        ACCESSIBILITY = "accessibility", "К3. Доступность для инвалидов"
        COURTESY = "courtesy", "К4. Доброжелательность и вежливость работников"
        SATISFACTION = "satisfaction", "К5. Удовлетворённость условиями"

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
    by_direction = models.BooleanField(
        "с разбивкой по направленностям",
        default=False,
        help_text="Если организация заполняет разбивку, её сумма должна совпасть со значением "
        "«всего» (правило проверки).",
    )
    is_whole = models.BooleanField(
        "только целые числа",
        default=True,
        help_text="Люди, программы, мероприятия считаются целыми; дробное значение не примется.",
    )
    catalogue_metric = models.CharField(
        "что считать в каталоге", max_length=20, choices=CatalogueMetric.choices, blank=True
    )
    survey_metric = models.CharField(
        "что считать по опросу",
        max_length=20,
        choices=SurveyMetric.choices,
        blank=True,
        help_text="Баллы — по последнему опросу, шедшему в этом месяце, только для организаций "
        "с достаточным числом ответов.",
    )
    is_required = models.BooleanField("обязателен для заполнения", default=True)
    is_seasonal = models.BooleanField(
        "сезонный",
        default=False,
        help_text="Обычный диапазон считается по тому же месяцу прошлых лет, а не по "
        "12 прошлым месяцам (летние смены, учебный год).",
    )
    is_key = models.BooleanField("ключевой (на панели координатора)", default=False)
    active_from = models.DateField("действует с", null=True, blank=True)
    active_to = models.DateField("действует по", null=True, blank=True)
    description = models.TextField("методика / пояснение", blank=True)

    objects = IndicatorQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="история показателя")

    class Meta:
        verbose_name = "показатель"
        verbose_name_plural = "показатели"
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.name} ({self.unit})"

    @property
    def totals_are_whole(self):
        """Whole numbers summed stay whole (reports show them without decimals); an average
        or a ratio of them does not. `is_whole` is the one definition of a whole figure."""
        return self.is_whole and self.aggregation == self.Aggregation.SUM

    def clean(self):
        errors = {}
        if self.aggregation == self.Aggregation.RATIO and not (
            self.numerator_id and self.denominator_id
        ):
            errors["aggregation"] = "Для отношения укажите числитель и знаменатель."
        if self.source == self.Source.CATALOGUE and not self.catalogue_metric:
            errors["catalogue_metric"] = "Укажите, что считать в каталоге."
        if self.source == self.Source.SURVEY and not self.survey_metric:
            errors["survey_metric"] = "Укажите, что считать по опросу."
        if self.source == self.Source.COMPUTED and self.aggregation != self.Aggregation.RATIO:
            errors["source"] = "Вычисляемый показатель должен быть отношением двух показателей."
        if self.part_of_id and self.part_of_id == self.pk:
            errors["part_of"] = "Показатель не может быть частью самого себя."
        if self.active_from and self.active_to and self.active_from > self.active_to:
            errors["active_to"] = "Дата окончания раньше даты начала."
        if errors:
            raise ValidationError(errors)


def figure_direction():
    """The direction a figure of an indicator `by_direction` is for; empty for the total.
    A direction that figures name cannot be deleted."""
    return models.ForeignKey(
        Direction,
        verbose_name="направленность",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )


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

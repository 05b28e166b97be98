"""The independent assessment of quality: survey campaigns, their questions and the parents'
anonymous answers.

A campaign asks parents about the organizations it covers. Each question belongs to one of the
five federal criteria (273-ФЗ art. 95.2) and carries the weight its indicator has in the
federal formula (see quality.selectors.scores). An answer keeps no personal data: no name, no
e-mail, no address, and its time only to the quarter of an hour (enough to see bursts).
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from moc_portal.core.user_references import user_reference
from programs.models import Organization, Program

# Answers are timed to this many minutes: a burst is seen, a person is not.
TIME_GRAIN_MINUTES = 15


class Criterion(models.TextChoices):
    """The five general criteria of 273-ФЗ art. 95.2, part 4, in the law's order."""

    OPENNESS = "openness", "Открытость и доступность информации об организации"
    COMFORT = "comfort", "Комфортность условий осуществления образовательной деятельности"
    ACCESSIBILITY = "accessibility", "Доступность услуг для инвалидов"
    COURTESY = "courtesy", "Доброжелательность, вежливость работников организации"
    SATISFACTION = "satisfaction", "Удовлетворённость условиями осуществления деятельности"


CRITERIA = list(Criterion)


# A new campaign in the admin starts with settings.QUALITY_MINIMUM_SAMPLE (the same 10 unless
# the installation sets another); this is the column's own default.
DEFAULT_MINIMUM_SAMPLE = 10


class CampaignQuerySet(models.QuerySet):
    def open_on(self, day):
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def with_published_results(self):
        return self.filter(results_published=True)


class Campaign(models.Model):
    title = models.CharField("название", max_length=300)
    slug = models.SlugField(
        "адрес анкеты",
        max_length=80,
        unique=True,
        help_text="Часть адреса: /survey/<адрес>/. Латиница, цифры и дефис.",
    )
    starts_on = models.DateField("начало опроса")
    ends_on = models.DateField("окончание опроса")
    organizations = models.ManyToManyField(
        Organization, verbose_name="организации", related_name="quality_campaigns"
    )
    introduction = models.TextField(
        "вступление",
        blank=True,
        help_text="Несколько слов родителям над анкетой (необязательно).",
    )
    minimum_sample = models.PositiveSmallIntegerField(
        "минимум ответов для публикации",
        default=DEFAULT_MINIMUM_SAMPLE,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text="Результаты организации, о которой ответили меньше, не публикуются "
        "и не выгружаются с баллами.",
    )
    burst_threshold = models.PositiveSmallIntegerField(
        "подозрительный всплеск, ответов за 15 минут",
        default=8,
        validators=[MinValueValidator(2)],
        help_text="Столько и больше ответов об одной организации за четверть часа показываются "
        "методисту как подозрительные.",
    )
    results_published = models.BooleanField("результаты опубликованы", default=False)
    created_at = models.DateTimeField("создана", auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "опрос (оценка качества)"
        verbose_name_plural = "опросы (оценка качества)"
        ordering = ["-starts_on", "-id"]
        permissions = [("publish_results", "Может публиковать результаты оценки качества")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("quality:survey", kwargs={"slug": self.slug})

    def clean(self):
        if self.starts_on and self.ends_on and self.starts_on > self.ends_on:
            raise ValidationError({"ends_on": "Окончание раньше начала."})

    def is_open_on(self, day):
        return self.starts_on <= day <= self.ends_on


class Question(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name="опрос", on_delete=models.CASCADE, related_name="questions"
    )
    criterion = models.CharField("критерий", max_length=20, choices=Criterion.choices)
    code = models.SlugField(
        "код показателя",
        max_length=40,
        help_text="Например, openness_site; один код — один показатель методики.",
    )
    text = models.CharField("вопрос", max_length=500)
    weight = models.DecimalField(
        "вес в критерии",
        max_digits=4,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
        help_text="Вес показателя в формуле критерия (Приказ Минтруда России № 344н).",
    )
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "вопрос"
        verbose_name_plural = "вопросы"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="question_code_once")
        ]

    def __str__(self):
        return self.text


class Option(models.Model):
    question = models.ForeignKey(
        Question, verbose_name="вопрос", on_delete=models.CASCADE, related_name="options"
    )
    text = models.CharField("вариант ответа", max_length=200)
    satisfied = models.BooleanField(
        "считается «удовлетворён»",
        default=False,
        help_text="Ответы с этой отметкой входят в долю удовлетворённых.",
    )
    counted = models.BooleanField(
        "учитывается в доле",
        default=True,
        help_text="Снимите для ответов «не отношусь к этой категории», «не пользовался»: "
        "они не входят ни в числитель, ни в знаменатель.",
    )
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "вариант ответа"
        verbose_name_plural = "варианты ответа"
        ordering = ["order", "id"]

    def __str__(self):
        return self.text


class Exclusion(models.Model):
    """A methodist's decision to leave a burst of answers out of the results."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="опрос", on_delete=models.CASCADE, related_name="exclusions"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.CASCADE, related_name="+"
    )
    window_start = models.DateTimeField("начало интервала")
    answers = models.PositiveIntegerField("исключено ответов", default=0)
    reason = models.CharField("причина", max_length=300, blank=True)
    excluded_by = user_reference("кто исключил")
    excluded_at = models.DateTimeField("когда", default=timezone.now)

    class Meta:
        verbose_name = "исключённый всплеск ответов"
        verbose_name_plural = "исключённые всплески ответов"
        ordering = ["-excluded_at"]

    def __str__(self):
        return f"{self.organization}: {self.answers} отв. с {self.window_start:%d.%m.%Y %H:%M}"

    @property
    def window_end(self):
        return self.window_start + datetime.timedelta(minutes=TIME_GRAIN_MINUTES)


class Response(models.Model):
    """One parent's answers about one organization. Deliberately nothing about the person."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="опрос", on_delete=models.CASCADE, related_name="responses"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.PROTECT, related_name="+"
    )
    program = models.ForeignKey(
        Program,
        verbose_name="программа",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField(
        "получен (с точностью до 15 минут)", db_index=True, editable=False
    )
    comment = models.TextField("комментарий (видят только методисты и организация)", blank=True)
    exclusion = models.ForeignKey(
        Exclusion,
        verbose_name="исключён из результатов",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responses",
    )

    class Meta:
        verbose_name = "ответ родителя"
        verbose_name_plural = "ответы родителей"
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["campaign", "organization", "received_at"])]

    def __str__(self):
        return f"Ответ № {self.pk} об организации «{self.organization}»"


class Answer(models.Model):
    response = models.ForeignKey(
        Response, verbose_name="анкета", on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name="вопрос", on_delete=models.CASCADE, related_name="+"
    )
    option = models.ForeignKey(
        Option, verbose_name="ответ", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = "ответ на вопрос"
        verbose_name_plural = "ответы на вопросы"
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once")]

    def __str__(self):
        return f"{self.question}: {self.option}"


def coarse_time(moment):
    """`moment` cut down to the quarter of an hour (the time an answer keeps)."""
    minute = moment.minute - moment.minute % TIME_GRAIN_MINUTES
    return moment.replace(minute=minute, second=0, microsecond=0)

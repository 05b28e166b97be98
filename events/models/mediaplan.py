import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from moc_portal.core.months import Month

from .events import Event

ROMAN_QUARTERS = ("", "I", "II", "III", "IV")
QUARTER_RE = re.compile(r"^\s*(\d{4})-[QqКк]([1-4])\s*$")


class MediaPlan(models.Model):
    class PeriodKind(models.TextChoices):
        MONTH = "month", "Месяц"
        QUARTER = "quarter", "Квартал"

    class Status(models.TextChoices):
        DRAFT = "draft", "Черновик"
        AGREED = "agreed", "Согласован"
        SENT = "sent", "Отправлен в РМЦ"

    year = models.PositiveSmallIntegerField(
        "год", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    period_kind = models.CharField(
        "период", max_length=10, choices=PeriodKind.choices, default=PeriodKind.MONTH
    )
    number = models.PositiveSmallIntegerField(
        "месяц или квартал",
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="Номер месяца (1–12) или квартала (1–4).",
    )
    status = models.CharField("статус", max_length=10, choices=Status.choices, default=Status.DRAFT)
    agreed_on = models.DateField("дата согласования", null=True, blank=True)
    sent_on = models.DateField("дата отправки в РМЦ", null=True, blank=True)
    notes = models.TextField("примечания", blank=True)
    updated_at = models.DateTimeField("обновлён", auto_now=True)

    class Meta:
        verbose_name = "медиаплан"
        verbose_name_plural = "медиапланы"
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "period_kind", "number"],
                name="one_media_plan_per_period",
                violation_error_message="Медиаплан за этот период уже есть.",
            ),
            models.CheckConstraint(
                condition=Q(period_kind="month") | Q(number__lte=4),
                name="media_plan_quarter_1_to_4",
                violation_error_message="Квартал — число от 1 до 4.",
            ),
        ]

    def __str__(self):
        return f"Медиаплан на {self.period_name}"

    def clean(self):
        if self.period_kind == self.PeriodKind.QUARTER and self.number and self.number > 4:
            raise ValidationError({"number": "Квартал — число от 1 до 4."})
        if self.status in (self.Status.AGREED, self.Status.SENT) and not self.agreed_on:
            raise ValidationError({"agreed_on": "Укажите дату согласования."})
        if self.status == self.Status.SENT and not self.sent_on:
            raise ValidationError({"sent_on": "Укажите дату отправки в РМЦ."})

    @property
    def is_quarter(self):
        return self.period_kind == self.PeriodKind.QUARTER

    @property
    def first_month(self):
        return Month(self.year, (self.number - 1) * 3 + 1 if self.is_quarter else self.number)

    @property
    def first_day(self):
        return self.first_month.first_day

    @property
    def last_day(self):
        return self.first_month.plus(2 if self.is_quarter else 0).last_day

    @property
    def period_name(self):
        """«ноябрь 2026» or «IV квартал 2026»."""
        if self.is_quarter:
            return f"{ROMAN_QUARTERS[self.number]} квартал {self.year}"
        return self.first_month.name

    @property
    def period_code(self):
        """ "2026-11" or "2026-Q4": what `export_mediaplan --period` takes."""
        if self.is_quarter:
            return f"{self.year}-Q{self.number}"
        return self.first_month.code

    @classmethod
    def parse_period(cls, text):
        """(year, kind, number) from "2026-11" or "2026-Q4"; ValueError otherwise."""
        quarter = QUARTER_RE.match(text or "")
        if quarter:
            return int(quarter.group(1)), cls.PeriodKind.QUARTER, int(quarter.group(2))
        try:
            month = Month.parse(text)
        except ValueError:
            raise ValueError(
                f"Период «{text}» не распознан: нужен месяц 2026-11 или квартал 2026-Q4."
            ) from None
        return month.year, cls.PeriodKind.MONTH, month.number


class MediaPlanRow(models.Model):
    class Format(models.TextChoices):
        NEWS = "news", "Новость"
        ANNOUNCEMENT = "announcement", "Анонс"
        POST = "post", "Пост"
        VIDEO = "video", "Видео"
        ARTICLE = "article", "Статья"
        INTERVIEW = "interview", "Интервью"
        REPORT = "report", "Репортаж"

    class Channel(models.TextChoices):
        SITE = "site", "Сайт МОЦ"
        VK = "vk", "ВКонтакте"
        OK = "ok", "Одноклассники"
        TELEGRAM = "telegram", "Telegram"
        NEWSPAPER = "newspaper", "Местная газета"
        TV_RADIO = "tv_radio", "ТВ / радио"
        OTHER = "other", "Другое"

    class Status(models.TextChoices):
        PLANNED = "planned", "Запланировано"
        PUBLISHED = "published", "Опубликовано"
        POSTPONED = "postponed", "Перенесено"
        CANCELLED = "cancelled", "Отменено"

    plan = models.ForeignKey(
        MediaPlan, verbose_name="медиаплан", on_delete=models.CASCADE, related_name="rows"
    )
    date_from = models.DateField("дата")
    date_to = models.DateField("по", null=True, blank=True, help_text="Для публикаций-серий.")
    topic = models.CharField("тема / событие", max_length=300)
    event = models.ForeignKey(
        Event,
        verbose_name="мероприятие",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="media_plan_rows",
    )
    format = models.CharField("формат", max_length=15, choices=Format.choices)
    channel = models.CharField("канал", max_length=15, choices=Channel.choices)
    channel_other = models.CharField("другой канал", max_length=100, blank=True)
    responsible = models.CharField("ответственный", max_length=200, blank=True)
    status = models.CharField(
        "статус", max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    url = models.URLField("ссылка на публикацию", max_length=500, blank=True)
    reach = models.PositiveIntegerField("охват", null=True, blank=True)

    class Meta:
        verbose_name = "строка медиаплана"
        verbose_name_plural = "строки медиаплана"
        ordering = ["date_from", "id"]

    def __str__(self):
        return self.topic

    def clean(self):
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise ValidationError({"date_to": "Дата «по» раньше даты начала."})
        if self.channel == self.Channel.OTHER and not self.channel_other.strip():
            raise ValidationError({"channel_other": "Назовите канал."})

    @property
    def channel_name(self):
        if self.channel == self.Channel.OTHER and self.channel_other:
            return self.channel_other
        return self.get_channel_display()

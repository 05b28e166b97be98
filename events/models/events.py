import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from moc_portal.core.addresses import NotReservedWord
from moc_portal.core.richtext import SanitizedHTMLField
from moc_portal.core.text import date_ru, plural_form
from moc_portal.core.uploads import UploadFileField
from programs.models import Direction, Organization

AGE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(25)]


class EventQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=Event.Status.PUBLISHED)

    def upcoming(self, today=None):
        """Not over yet: a running festival is still «upcoming» until its last day."""
        return self.filter(ends_on__gte=today or timezone.localdate())

    def past(self, today=None):
        return self.filter(ends_on__lt=today or timezone.localdate())

    def in_month(self, month):
        """Events that touch the Month (a smena from 28 October to 5 November is in both)."""
        return self.between(month.first_day, month.last_day)

    def between(self, first, last):
        return self.filter(starts_on__lte=last, ends_on__gte=first)

    def for_listing(self):
        return self.select_related("direction", "organizer")

    def soonest_first(self):
        return self.order_by("starts_on", "starts_time", "id")

    def latest_first(self):
        return self.order_by("-starts_on", "-starts_time", "-id")


class Event(models.Model):
    class Kind(models.TextChoices):
        CONTEST = "contest", "Конкурс"
        FESTIVAL = "festival", "Фестиваль"
        EXHIBITION = "exhibition", "Выставка"
        COMPETITION = "competition", "Соревнование"
        MASTERCLASS = "masterclass", "Мастер-класс"
        SEMINAR = "seminar", "Семинар"
        PARENT_MEETING = "parents", "Родительское собрание"
        CAMP = "camp", "Профильная смена / сезонная школа"
        OTHER = "other", "Другое"

    class Audience(models.TextChoices):
        CHILDREN = "children", "Дети и молодёжь"
        PARENTS = "parents", "Родители"
        TEACHERS = "teachers", "Педагоги"

    class Level(models.TextChoices):
        MUNICIPAL = "municipal", "Муниципальный"
        REGIONAL = "regional", "Региональный"
        FEDERAL = "federal", "Всероссийский"

    class Status(models.TextChoices):
        DRAFT = "draft", "Черновик"
        MODERATION = "moderation", "На модерации"
        PUBLISHED = "published", "Опубликовано"
        CANCELLED = "cancelled", "Отменено"
        # A proposal the methodist sent back with a comment; the proposer corrects and resends.
        REWORK = "rework", "Возвращено на доработку"

    # When and where it happens: one group in the forms, and part of what a calendar shows.
    WHEN_AND_WHERE = ("starts_on", "starts_time", "ends_on", "ends_time", "venue", "online_url")

    # The object's identity for the open API and the integrators' copies (never changes).
    uuid = models.UUIDField("UUID", default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(
        "адрес страницы", max_length=120, unique=True, validators=[NotReservedWord()]
    )
    title = models.CharField("название", max_length=300)
    kind = models.CharField("тип", max_length=20, choices=Kind.choices, db_index=True)
    audience = models.CharField(
        "для кого", max_length=10, choices=Audience.choices, default=Audience.CHILDREN
    )
    age_min = models.PositiveSmallIntegerField(
        "возраст от, лет", null=True, blank=True, validators=AGE_VALIDATORS
    )
    age_max = models.PositiveSmallIntegerField(
        "возраст до, лет", null=True, blank=True, validators=AGE_VALIDATORS
    )
    direction = models.ForeignKey(
        Direction,
        verbose_name="направленность",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    level = models.CharField(
        "уровень", max_length=10, choices=Level.choices, default=Level.MUNICIPAL
    )
    starts_on = models.DateField("дата начала")
    starts_time = models.TimeField(
        "время начала", null=True, blank=True, help_text="Пусто — мероприятие на весь день."
    )
    ends_on = models.DateField(
        "дата окончания", blank=True, help_text="Пусто — в тот же день, что и начало."
    )
    ends_time = models.TimeField("время окончания", null=True, blank=True)
    venue = models.CharField("место проведения", max_length=300, blank=True)
    online_url = models.URLField("ссылка на трансляцию или онлайн-площадку", blank=True)
    organizer = models.ForeignKey(
        Organization,
        verbose_name="организатор",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    summary = models.CharField(
        "кратко", max_length=300, blank=True, help_text="Одна-две фразы для списка и календаря."
    )
    description = SanitizedHTMLField("описание", blank=True)
    regulations = UploadFileField("положение (PDF)", folder="events", kinds=("pdf",), blank=True)
    registration_url = models.URLField("ссылка на регистрацию", blank=True)
    results = SanitizedHTMLField("итоги", blank=True, help_text="Заполняется после мероприятия.")
    status = models.CharField(
        "статус", max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="предложил",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_events",
        editable=False,
    )
    return_reason = models.TextField(
        "причина возврата",
        blank=True,
        editable=False,
        help_text="Почему методист вернул предложение; видит тот, кто предложил.",
    )
    search_text = models.TextField(
        "поисковый текст",
        blank=True,
        editable=False,
        help_text="Название, кратко и место в нижнем регистре, ё заменена на е.",
    )
    sequence = models.PositiveIntegerField(
        "версия для календарей",
        default=0,
        editable=False,
        help_text="SEQUENCE в iCalendar: растёт при каждом изменении того, что видно в календаре.",
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("обновлено", auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "мероприятие"
        verbose_name_plural = "мероприятия"
        ordering = ["-starts_on", "-starts_time", "-id"]
        permissions = [("publish_event", "Может публиковать мероприятия")]
        indexes = [models.Index(fields=["status", "ends_on", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_on_or_after_start",
                violation_error_message="Мероприятие не может закончиться раньше, чем началось.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on is None:
            self.ends_on = self.starts_on
        if self.starts_time is None and self.ends_time is not None:
            errors["starts_time"] = "Укажите время начала или уберите время окончания."
        if self.starts_time is not None and self.ends_time is None:
            errors["ends_time"] = (
                "Укажите время окончания или уберите время начала: "
                "тогда мероприятие будет на весь день."
            )
        if self.starts_on and self.ends_on and not errors:
            ends_before = self.ends_on < self.starts_on or (
                self.ends_on == self.starts_on
                and self.starts_time is not None
                and self.ends_time <= self.starts_time
            )
            if ends_before:
                errors["ends_on"] = "Окончание раньше начала: проверьте даты и время."
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors["age_max"] = "Возраст «до» меньше возраста «от»."
        if errors:
            raise ValidationError(errors)

    @property
    def all_day(self):
        return self.starts_time is None

    @property
    def starts_at(self):
        """The start as an aware datetime in the site's zone; None for an all-day event."""
        return None if self.all_day else _aware(self.starts_on, self.starts_time)

    @property
    def ends_at(self):
        return None if self.all_day else _aware(self.ends_on, self.ends_time)

    @property
    def is_multiday(self):
        return self.ends_on != self.starts_on

    @property
    def is_over(self):
        return self.ends_on < timezone.localdate()

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED

    @property
    def when_text(self):
        """«5 ноября 2026, 10:00–12:00», «5–7 ноября 2026», «28 октября — 3 ноября 2026»."""
        start, end = self.starts_on, self.ends_on
        if start == end:
            days = date_ru(start)
        elif (start.year, start.month) == (end.year, end.month):
            days = f"{start.day}–{date_ru(end)}"
        elif start.year == end.year:
            days = f"{date_ru(start, with_year=False)} — {date_ru(end)}"
        else:
            days = f"{date_ru(start)} — {date_ru(end)}"
        if self.all_day:
            return days
        if start == end:
            return f"{days}, {self.starts_time:%H:%M}–{self.ends_time:%H:%M}"
        return f"{days}, начало в {self.starts_time:%H:%M}"

    @property
    def age_text(self):
        low, high = self.age_min, self.age_max
        if low is not None and high is not None:
            return f"{low}–{high} {plural_form(high, 'год', 'года', 'лет')}"
        if low is not None:
            return f"от {low} {plural_form(low, 'года', 'лет', 'лет')}"
        if high is not None:
            return f"до {high} {plural_form(high, 'года', 'лет', 'лет')}"
        return ""


def _aware(day, time):
    return timezone.make_aware(datetime.datetime.combine(day, time))

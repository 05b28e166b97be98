"""Programs of supplementary education and their weekly schedule.

Saving a program keeps derived data in step (its search text, the search vocabulary, the
history): that is `programs.services.saving`, which every write path calls; the model holds
fields, rules and small pure methods only.
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat, Replace
from django.urls import reverse
from simple_history.models import HistoricalRecords

from moc_portal.core.addresses import NotReservedWord
from moc_portal.core.aggregates import JoinedText
from moc_portal.core.search_text import index_text
from moc_portal.core.uploads import ImageUploadField

from ..closed_lists import PAYMENT_LABELS, PAYMENTS
from ..schedule_text import compact_schedule, parse_joined_slots
from .closed_lists import Direction, DisabilityType, Level
from .organizations import Organization

PLACE_PARTS = " | "  # between a place's name and address in `places_text`
PLACE_SEPARATOR = "\n"  # between places
AGE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(25)]


# A title as a Russian reader sorts it: ё with е. Byte order (SQLite, PostgreSQL's C collation)
# would put «Лёгкая атлетика» after «Лыжный клуб».
TITLE_ORDER = Replace(Replace(models.F("title"), Value("ё"), Value("е")), Value("Ё"), Value("Е"))


class ProgramQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=Program.Status.PUBLISHED, organization__is_active=True)

    def for_listing(self):
        return self.select_related("organization", "direction").prefetch_related("levels")

    def with_schedule_text(self):
        """`schedule_text`: the sessions as «2|15:30:00|17:00:00,4|…» in the same query (a
        card's compact schedule without a query per page)."""
        session = Concat(
            Cast("weekday", CharField()),
            Value("|"),
            Cast("starts_at", CharField()),
            Value("|"),
            Cast("ends_at", CharField()),
            output_field=CharField(),
        )
        slots = (
            ScheduleSlot.objects.filter(program=OuterRef("pk"))
            .order_by()
            .values("program")
            .annotate(text=JoinedText(session))
            .values("text")
        )
        return self.annotate(schedule_text=Subquery(slots, output_field=CharField()))

    def with_places_text(self):
        """`places_text`: the program's places as «name | address» joined by new lines, in the
        same query (read by `Program.place_lines`); NULL for a program without places."""
        places = (
            Program.places.through.objects.filter(program=OuterRef("pk"))
            .order_by()
            .values("program")
            .annotate(
                text=JoinedText(
                    Concat("place__name", Value(PLACE_PARTS), "place__address"),
                    separator=PLACE_SEPARATOR,
                )
            )
            .values("text")
        )
        return self.annotate(places_text=Subquery(places, output_field=CharField()))

    def for_detail(self):
        # The places come as joined text in the same query (the page's query budget).
        return (
            self.select_related("organization", "direction")
            .prefetch_related("levels", "disability_types", "schedule_slots")
            .with_places_text()
        )


class Program(models.Model):
    class Status(models.TextChoices):
        # The regional Навигатор's statuses: a representative's program waits for a methodist.
        DRAFT = "draft", "Черновик"
        MODERATION = "moderation", "На модерации"
        PUBLISHED = "published", "Опубликована"
        REWORK = "rework", "На доработке"
        ARCHIVED = "archived", "Архив"

    class StudyForm(models.TextChoices):
        IN_PERSON = "inperson", "Очная"
        MIXED = "mixed", "Очно-заочная"
        DISTANCE = "distance", "Заочная (дистанционная)"

    # The object's identity for the open API and the integrators' copies (never changes).
    uuid = models.UUIDField("UUID", default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(
        "адрес страницы",
        max_length=220,
        unique=True,
        validators=[NotReservedWord()],
    )
    title = models.CharField("название", max_length=300)
    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.PROTECT,
        related_name="programs",
    )
    direction = models.ForeignKey(
        Direction, verbose_name="направленность", on_delete=models.PROTECT, related_name="programs"
    )
    levels = models.ManyToManyField(Level, verbose_name="уровни", related_name="programs")
    age_min = models.PositiveSmallIntegerField("возраст от, лет", validators=AGE_VALIDATORS)
    age_max = models.PositiveSmallIntegerField("возраст до, лет", validators=AGE_VALIDATORS)
    duration_months = models.PositiveSmallIntegerField(
        "продолжительность, месяцев", null=True, blank=True
    )
    hours_per_year = models.PositiveSmallIntegerField("часов в год", null=True, blank=True)
    study_form = models.CharField(
        "форма обучения", max_length=10, choices=StudyForm.choices, default=StudyForm.IN_PERSON
    )
    uses_distance_technologies = models.BooleanField(
        "с применением дистанционных технологий", default=False
    )
    is_network = models.BooleanField("сетевая форма реализации", default=False)
    is_ovz_adapted = models.BooleanField("адаптирована для детей с ОВЗ", default=False)
    disability_types = models.ManyToManyField(
        DisabilityType, verbose_name="виды нарушений", blank=True, related_name="programs"
    )
    is_free = models.BooleanField("бесплатно (бюджет)", default=True)
    accepts_certificate = models.BooleanField("по сертификату ПФДО", default=False)
    is_paid = models.BooleanField("платно", default=False)
    price_per_month = models.DecimalField(
        "стоимость в месяц, ₽", max_digits=8, decimal_places=2, null=True, blank=True
    )
    annotation = models.TextField("аннотация", blank=True)
    goals = models.TextField("цели и задачи", blank=True)
    expected_results = models.TextField("ожидаемые результаты", blank=True)
    teachers = models.CharField("педагоги", max_length=300, blank=True)
    places = models.ManyToManyField(
        "programs.Place",
        verbose_name="места занятий",
        blank=True,
        related_name="programs",
        help_text="Здания, где проходят занятия. Если пусто — адрес организации.",
    )
    enrollment_open = models.BooleanField(
        "открыта запись",
        default=True,
        help_text="Снимите, чтобы закрыть набор независимо от дат и мест.",
    )
    enrollment_from = models.DateField(
        "запись с", null=True, blank=True, help_text="Пусто — запись уже идёт."
    )
    enrollment_to = models.DateField(
        "запись до", null=True, blank=True, help_text="Включительно. Пусто — без срока."
    )
    places_total = models.PositiveIntegerField("мест всего", null=True, blank=True)
    places_available = models.PositiveIntegerField(
        "свободных мест", null=True, blank=True, help_text="0 — мест нет; пусто — не считаются."
    )
    # What the ПФДО registry publishes: the cost of the program (or of its module), the
    # normative cost, and the months and hours that cost pays for.
    certificate_cost = models.DecimalField(
        "стоимость программы (модуля) по ПФДО, ₽",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    normative_cost = models.DecimalField(
        "нормативная стоимость, ₽", max_digits=10, decimal_places=2, null=True, blank=True
    )
    cost_months = models.PositiveSmallIntegerField(
        "месяцев реализации (модуля)",
        null=True,
        blank=True,
        help_text="За сколько месяцев эта стоимость. Пусто — продолжительность программы.",
    )
    cost_hours = models.PositiveSmallIntegerField("часов (модуля)", null=True, blank=True)
    navigator_id = models.CharField("id в Навигаторе", max_length=30, blank=True, db_index=True)
    navigator_url = models.URLField(
        "ссылка в Навигаторе",
        max_length=500,
        blank=True,
        help_text="Полная ссылка на программу, например "
        "https://р19.навигатор.дети/program/8216-yunyi-operator-bpla. Если пусто — ссылка "
        "собирается из адреса Навигатора в настройках сайта и id.",
    )
    photo = ImageUploadField("фото", folder="programs", blank=True)
    photo_alt = models.CharField(
        "что на фото",
        max_length=300,
        blank=True,
        help_text="Текст для незрячих посетителей и для версии без изображений, "
        "например: «Дети собирают робота на занятии». Обязателен, если есть фото.",
    )
    status = models.CharField(
        "статус", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    search_text = models.TextField(
        "поисковый текст",
        blank=True,
        editable=False,
        help_text=(
            "Слова названия, затем | и слова аннотации и названий организации: "
            "в нижнем регистре, ё заменена на е, без знаков препинания."
        ),
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("обновлено", auto_now=True, db_index=True)

    objects = ProgramQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="история программы", excluded_fields=["search_text"])

    class Meta:
        verbose_name = "программа"
        verbose_name_plural = "программы"
        ordering = ["title", "id"]
        permissions = [("publish_program", "Может публиковать программы и возвращать на доработку")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_min__lte=models.F("age_max")),
                name="program_age_range_ordered",
                violation_error_message="Возраст «от» не может быть больше возраста «до».",
            ),
            models.CheckConstraint(
                condition=models.Q(is_free=True)
                | models.Q(accepts_certificate=True)
                | models.Q(is_paid=True),
                name="program_has_payment_option",
                violation_error_message="Укажите хотя бы один вариант оплаты.",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "direction"]),
            # The catalogue's default order: lets a page be read without sorting every row.
            models.Index(fields=["title", "id"], name="program_title_order_idx"),
            # The same order with ё read as е («Лёгкая атлетика» before «Лыжный клуб»).
            models.Index(TITLE_ORDER, "id", name="program_title_yo_order_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programs:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.is_paid and not self.price_per_month:
            raise ValidationError({"price_per_month": "Для платной программы укажите стоимость."})
        if (
            self.enrollment_from
            and self.enrollment_to
            and self.enrollment_from > self.enrollment_to
        ):
            raise ValidationError({"enrollment_to": "Запись не может закончиться раньше начала."})
        if (
            self.places_total is not None
            and self.places_available is not None
            and self.places_available > self.places_total
        ):
            raise ValidationError(
                {"places_available": "Свободных мест не может быть больше, чем мест всего."}
            )
        if self.photo and not self.photo_alt.strip():
            raise ValidationError({"photo_alt": "Опишите, что на фото: это прочтут незрячие."})

    def build_search_text(self, organization):
        return index_text(
            self.title, self.annotation, organization.short_name, organization.full_name
        )

    @property
    def payment_codes(self):
        return [payment.code for payment in PAYMENTS if getattr(self, payment.field)]

    @property
    def payment_labels(self):
        return [PAYMENT_LABELS[code] for code in self.payment_codes]

    @property
    def enrolment(self):
        """The enrolment state today («Запись открыта до 31 мая», «Мест нет» …)."""
        from ..enrolment import state_of

        return state_of(self)

    def schedule_summary(self):
        """«Вт, Чт 15:30–17:00»: from the catalogue's joined text when the list brought it,
        else from the (prefetched) schedule slots."""
        if hasattr(self, "schedule_text"):
            return compact_schedule(parse_joined_slots(self.schedule_text))
        return compact_schedule(
            (slot.weekday, slot.starts_at, slot.ends_at) for slot in self.schedule_slots.all()
        )

    @property
    def place_lines(self):
        """The places of study as «name, address» lines (from `with_places_text`)."""
        text = getattr(self, "places_text", None)
        if text is None:
            return []
        lines = []
        for part in text.split(PLACE_SEPARATOR):
            name, _, address = part.partition(PLACE_PARTS)
            lines.append(f"{name}, {address}" if name else address)
        return sorted(lines)

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.organization.is_active


class ScheduleSlot(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 1, "Понедельник"
        TUESDAY = 2, "Вторник"
        WEDNESDAY = 3, "Среда"
        THURSDAY = 4, "Четверг"
        FRIDAY = 5, "Пятница"
        SATURDAY = 6, "Суббота"
        SUNDAY = 7, "Воскресенье"

    program = models.ForeignKey(
        Program, verbose_name="программа", on_delete=models.CASCADE, related_name="schedule_slots"
    )
    weekday = models.PositiveSmallIntegerField("день недели", choices=Weekday.choices)
    starts_at = models.TimeField("начало")
    ends_at = models.TimeField("окончание")
    group_name = models.CharField("группа", max_length=100, blank=True)

    class Meta:
        verbose_name = "занятие в расписании"
        verbose_name_plural = "расписание"
        ordering = ["weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")),
                name="schedule_slot_starts_before_end",
                violation_error_message="Занятие должно начинаться раньше, чем заканчивается.",
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

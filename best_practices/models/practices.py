"""A practice as the МОЦ keeps it (DOMAIN.md «Лучшая практика») and its materials."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from moc_portal.core.addresses import NotReservedWord, slug_from_text
from moc_portal.core.uploads import UploadFileField, kind_of_name
from moc_portal.core.user_references import consent_reference, user_reference
from programs.models import Direction, Organization

AGE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(25)]
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
# What a practice's materials may be (decided by content, see moc_portal.core.uploads).
MATERIAL_KINDS = ("pdf", "docx", "pptx", "xlsx", "jpeg", "png")


class Status(models.TextChoices):
    SUBMITTED = "submitted", "Подана"
    SCREENING = "screening", "Техническая проверка"
    REVIEW = "review", "Экспертиза"
    PUBLISHED = "published", "Опубликована"
    RETURNED = "returned", "Возвращена на доработку"
    REJECTED = "rejected", "Отклонена"


class Category(models.TextChoices):
    """A closed list with stable codes (URLs and the РМЦ file use them)."""

    PROGRAM = "program", "Дополнительная программа"
    TECHNOLOGY = "technology", "Педагогическая технология"
    MANAGEMENT = "management", "Управленческая практика"
    NETWORK = "network", "Сетевая модель"
    RURAL = "rural", "Модель для сельской местности"
    GIFTED = "gifted", "Работа с одарёнными детьми"
    INCLUSION = "inclusion", "Инклюзия, дети с ОВЗ"
    HARDSHIP = "hardship", "Дети в трудной жизненной ситуации"
    SUMMER = "summer", "Летний отдых, сезонная школа"


class PracticeQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=Status.PUBLISHED)

    def for_listing(self):
        return self.select_related("direction", "organization")

    def with_scores(self):
        """Completed reviews and their mean score, computed in the query, never stored."""
        from .reviews import Review

        done = models.Q(reviews__submitted_at__isnull=False)
        return self.annotate(
            review_count=models.Count("reviews", filter=done),
            average_score=models.Avg(Review.average_expression("reviews__"), filter=done),
        )


class Practice(models.Model):
    # The object's identity for the open API and the integrators' copies (never changes).
    uuid = models.UUIDField("UUID", default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(
        "адрес страницы", max_length=120, unique=True, validators=[NotReservedWord()]
    )
    title = models.CharField("название", max_length=300)
    direction = models.ForeignKey(
        Direction,
        verbose_name="направленность",
        on_delete=models.PROTECT,
        related_name="practices",
    )
    category = models.CharField("категория", max_length=20, choices=Category.choices)
    authors = models.TextField(
        "авторы", help_text="ФИО и должность каждого автора, по одному в строке."
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices",
    )
    organization_name = models.CharField(
        "организация (как указал автор)",
        max_length=500,
        blank=True,
        help_text="Если организации нет в реестре портала.",
    )
    age_min = models.PositiveSmallIntegerField(
        "возраст детей от, лет", validators=AGE_VALIDATORS, null=True, blank=True
    )
    age_max = models.PositiveSmallIntegerField(
        "возраст детей до, лет", validators=AGE_VALIDATORS, null=True, blank=True
    )
    annotation = models.TextField("аннотация")
    problem = models.TextField("какую проблему решает")
    description = models.TextField("описание практики")
    results = models.TextField("измеримые результаты")
    resources = models.TextField("необходимые ресурсы", blank=True)
    year = models.PositiveSmallIntegerField("год", validators=YEAR_VALIDATORS, db_index=True)

    contact_name = models.CharField("контактное лицо", max_length=200)
    contact_position = models.CharField("должность", max_length=200)
    contact_email = models.EmailField("e-mail")
    contact_phone = models.CharField("телефон", max_length=50)
    consent = consent_reference()

    status = models.CharField(
        "статус", max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    status_changed_at = models.DateTimeField("статус изменён", auto_now_add=True)
    published_at = models.DateTimeField("опубликована", null=True, blank=True)
    transferred_at = models.DateTimeField("передана в РМЦ", null=True, blank=True)
    transferred_by = user_reference("передал(а) в РМЦ")
    # The author's way back to a returned practice: a link in the e-mail, no account needed.
    # Made by services.saving (as is search_text): save() here is Django's.
    edit_token = models.CharField("ключ доработки", max_length=64, unique=True, editable=False)
    search_text = models.TextField(
        "поисковый текст",
        blank=True,
        editable=False,
        help_text="Название, аннотация, авторы и организация в нижнем регистре, ё заменена на е.",
    )
    created_at = models.DateTimeField("подана", auto_now_add=True)
    updated_at = models.DateTimeField("изменена", auto_now=True)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = "практика"
        verbose_name_plural = "практики"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_min__isnull=True)
                | models.Q(age_max__isnull=True)
                | models.Q(age_min__lte=models.F("age_max")),
                name="practice_age_range_ordered",
                violation_error_message="Возраст «от» не может быть больше возраста «до».",
            ),
        ]
        indexes = [models.Index(fields=["status", "-published_at"])]
        permissions = [
            ("transition_practice", "Может менять статус практики"),
            ("transfer_practice", "Может передавать практики в РМЦ"),
            ("score_practice", "Оценивает назначенные ему практики как эксперт"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("best_practices:detail", kwargs={"slug": self.slug})

    @property
    def reference(self):
        """The number the author quotes: «ЛП-2026-00042»."""
        year = self.created_at.year if self.created_at else ""
        return f"ЛП-{year}-{self.pk:05d}"

    @property
    def organization_display(self):
        if self.organization_id:
            return self.organization.short_name
        return self.organization_name

    @property
    def is_public(self):
        return self.status == Status.PUBLISHED

    @property
    def author_list(self):
        return [line.strip() for line in self.authors.splitlines() if line.strip()]


class PracticeMaterial(models.Model):
    """A file (stored under a generated name) or a video link."""

    practice = models.ForeignKey(
        Practice, verbose_name="практика", on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField("название", max_length=200)
    # Private: a material is served by a view that checks the practice is published.
    file = UploadFileField(
        "файл", policy="office", kinds=MATERIAL_KINDS, folder="practices", blank=True
    )
    size = models.PositiveBigIntegerField("размер, байт", null=True, blank=True, editable=False)
    video_url = models.URLField("ссылка на видео", blank=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "материал практики"
        verbose_name_plural = "материалы практики"
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(video_url=""))
                | (~models.Q(file="") & models.Q(video_url="")),
                name="practice_material_file_or_link",
                violation_error_message="Материал — это либо файл, либо ссылка на видео.",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if not self.file:
            return self.video_url
        return reverse(
            "best_practices:material", kwargs={"slug": self.practice.slug, "pk": self.pk}
        )

    @property
    def is_file(self):
        return bool(self.file)

    @property
    def download_name(self):
        """A readable, safe name for the download: the title in Latin letters + the real type."""
        kind = self.kind
        stem = slug_from_text(self.title, max_length=60) or "material"
        return f"{stem}.{kind.extension}" if kind else stem

    @property
    def kind(self):
        return kind_of_name(self.file.name) if self.file else None

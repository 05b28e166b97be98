from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Replace
from django.urls import reverse
from simple_history.models import HistoricalRecords

from moc_portal.core.addresses import NotReservedWord
from moc_portal.core.search_text import index_text

from .closed_lists import PAYMENT_LABELS, PAYMENTS

AGE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(25)]


class ClosedListItem(models.Model):
    """A closed list entry with a stable code the URLs and exports rely on."""

    code = models.SlugField("код", max_length=30, unique=True)
    name = models.CharField("название", max_length=100)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class Direction(ClosedListItem):
    description = models.TextField("описание", blank=True)

    class Meta(ClosedListItem.Meta):
        verbose_name = "направленность"
        verbose_name_plural = "направленности"

    def get_absolute_url(self):
        return f"{reverse('programs:list')}?direction={self.code}"


class Level(ClosedListItem):
    class Meta(ClosedListItem.Meta):
        verbose_name = "уровень программы"
        verbose_name_plural = "уровни программ"


class DisabilityType(ClosedListItem):
    class Meta(ClosedListItem.Meta):
        verbose_name = "вид нарушения (ОВЗ)"
        verbose_name_plural = "виды нарушений (ОВЗ)"


class Organization(models.Model):
    class Kind(models.TextChoices):
        SUPPLEMENTARY = "supplementary", "Организация дополнительного образования"
        SCHOOL = "school", "Общеобразовательная организация"
        KINDERGARTEN = "kindergarten", "Дошкольная образовательная организация"
        COLLEGE = "college", "Профессиональная образовательная организация"
        UNIVERSITY = "university", "Образовательная организация высшего образования"
        CULTURE = "culture", "Учреждение культуры"
        SPORT = "sport", "Учреждение спорта"
        NONPROFIT = "nonprofit", "Некоммерческая организация"
        ENTREPRENEUR = "entrepreneur", "Индивидуальный предприниматель"

    class Department(models.TextChoices):
        EDUCATION = "education", "Образование"
        CULTURE = "culture", "Культура"
        SPORT = "sport", "Спорт"
        YOUTH = "youth", "Молодёжная политика"
        SOCIAL = "social", "Социальная защита"
        OTHER = "other", "Иное"

    class Locality(models.TextChoices):
        URBAN = "urban", "Город"
        RURAL = "rural", "Сельская местность"

    slug = models.SlugField(
        "адрес страницы",
        max_length=120,
        unique=True,
        validators=[NotReservedWord()],
    )
    full_name = models.CharField("полное наименование", max_length=500)
    short_name = models.CharField("краткое наименование", max_length=200)
    kind = models.CharField("тип организации", max_length=20, choices=Kind.choices)
    department = models.CharField(
        "ведомство", max_length=20, choices=Department.choices, default=Department.EDUCATION
    )
    inn = models.CharField("ИНН", max_length=12, blank=True)
    ogrn = models.CharField("ОГРН", max_length=15, blank=True)
    address = models.CharField("адрес", max_length=300, blank=True)
    settlement = models.CharField("населённый пункт", max_length=150, blank=True)
    locality = models.CharField(
        "тип местности", max_length=10, choices=Locality.choices, default=Locality.URBAN
    )
    phone = models.CharField("телефон", max_length=50, blank=True)
    email = models.EmailField("e-mail", blank=True)
    website = models.URLField("сайт", blank=True)
    head_name = models.CharField("руководитель", max_length=200, blank=True)
    logo = models.ImageField("логотип", upload_to="organizations/", blank=True)
    description = models.TextField("об организации", blank=True)
    is_active = models.BooleanField(
        "активна", default=True, help_text="Программы неактивной организации не показываются."
    )
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="представители",
        blank=True,
        related_name="represented_organizations",
        help_text="Сотрудники, которые ведут программы этой организации.",
    )
    updated_at = models.DateTimeField("обновлено", auto_now=True)

    history = HistoricalRecords(verbose_name="история организации")

    class Meta:
        verbose_name = "организация"
        verbose_name_plural = "организации"
        ordering = ["short_name"]
        permissions = [
            (
                "work_with_all_organizations",
                "Работает со всеми организациями (не только со своими)",
            )
        ]

    def __str__(self):
        return self.short_name

    def save(self, *args, **kwargs):
        from .search_vocabulary import kept_in_step

        before = (
            None
            if self._state.adding
            else Organization.objects.filter(pk=self.pk)
            .values("short_name", "full_name", "is_active")
            .first()
        )
        if before is None:  # a new organization has no programs yet
            super().save(*args, **kwargs)
            return
        names_changed = (before["short_name"], before["full_name"]) != (
            self.short_name,
            self.full_name,
        )
        if not (names_changed or before["is_active"] != self.is_active):
            super().save(*args, **kwargs)
            return
        # Names are in the search text of every program; activity decides which are public.
        with kept_in_step(Program.objects.filter(organization_id=self.pk)):
            super().save(*args, **kwargs)
            if names_changed:
                from .services import reindex_programs

                reindex_programs(self.programs.all())

    def get_absolute_url(self):
        return reverse("programs:organization_detail", kwargs={"slug": self.slug})

    @property
    def is_rural(self):
        return self.locality == self.Locality.RURAL

    def clean(self):
        if self.inn and not (self.inn.isdigit() and len(self.inn) in (10, 12)):
            raise ValidationError({"inn": "ИНН состоит из 10 или 12 цифр."})
        if self.ogrn and not (self.ogrn.isdigit() and len(self.ogrn) in (13, 15)):
            raise ValidationError({"ogrn": "ОГРН состоит из 13 или 15 цифр."})


# A title as a Russian reader sorts it: ё with е. Byte order (SQLite, PostgreSQL's C collation)
# would put «Лёгкая атлетика» after «Лыжный клуб».
TITLE_ORDER = Replace(Replace(models.F("title"), Value("ё"), Value("е")), Value("Ё"), Value("Е"))


class ProgramQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=Program.Status.PUBLISHED, organization__is_active=True)

    def for_listing(self):
        return self.select_related("organization", "direction").prefetch_related("levels")

    def for_detail(self):
        return self.select_related("organization", "direction").prefetch_related(
            "levels", "disability_types", "schedule_slots"
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
    venue = models.CharField(
        "место проведения",
        max_length=300,
        blank=True,
        help_text="Если пусто — адрес организации.",
    )
    enrollment_open = models.BooleanField("открыта запись", default=True)
    places_available = models.PositiveIntegerField("свободных мест", null=True, blank=True)
    navigator_id = models.CharField("id в Навигаторе", max_length=30, blank=True, db_index=True)
    photo = models.ImageField("фото", upload_to="programs/", blank=True)
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

    def save(self, *args, **kwargs):
        from .search_vocabulary import kept_in_step

        self.search_text = self.build_search_text(self.organization)
        with kept_in_step(
            lambda: Program.objects.filter(pk=self.pk) if self.pk else Program.objects.none()
        ):
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("programs:detail", kwargs={"slug": self.slug})

    def delete(self, *args, **kwargs):
        from .search_vocabulary import kept_in_step

        with kept_in_step(Program.objects.filter(pk=self.pk)):
            return super().delete(*args, **kwargs)

    def clean(self):
        if self.is_paid and not self.price_per_month:
            raise ValidationError({"price_per_month": "Для платной программы укажите стоимость."})
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


class SearchWord(models.Model):
    """A word of the public catalogue, for correcting typos in search queries.

    One row per distinct word of public programs' titles, annotations and organization
    names, with the number of public programs that use it. Program and Organization keep
    it in step when they are saved (programs.search_vocabulary.kept_in_step);
    `manage.py rebuild_search_vocabulary` recomputes it from scratch.
    """

    word = models.CharField("слово", max_length=60, unique=True)
    stem = models.CharField("основа", max_length=60)
    programs = models.PositiveIntegerField("программ со словом", default=0)

    class Meta:
        verbose_name = "слово поискового словаря"
        verbose_name_plural = "поисковый словарь"
        ordering = ["word"]

    def __str__(self):
        return self.word


class ImportHeaderAlias(models.Model):
    """A column header a file may use for one of the import's columns («Наименование ДООП»).

    The import knows the open-data keys and the usual Russian headers itself; methodists add
    the headers their organizations' files use here. Headers match case- and ё-insensitively.
    """

    class Target(models.TextChoices):
        PROGRAM = "program", "Программы"
        ORGANIZATION = "organization", "Организации"

    target = models.CharField("что загружается", max_length=20, choices=Target.choices)
    header = models.CharField("заголовок в файле", max_length=200)
    column = models.CharField(
        "колонка импорта",
        max_length=40,
        help_text="Код колонки, например title, organization, age_min, payment, short_name, inn.",
    )

    class Meta:
        verbose_name = "заголовок для импорта"
        verbose_name_plural = "заголовки для импорта"
        ordering = ["target", "header"]
        constraints = [
            models.UniqueConstraint(fields=["target", "header"], name="import_alias_unique_header")
        ]

    def __str__(self):
        return f"{self.header} → {self.column}"

    def clean(self):
        from .services.import_columns import columns_for

        known = {column.key for column in columns_for(self.target)} if self.target else set()
        if self.target and self.column not in known:
            raise ValidationError(
                {"column": "Нет такой колонки. Возможные: " + ", ".join(sorted(known)) + "."}
            )
        self.header = " ".join((self.header or "").split())


from .import_batches import ImportBatch  # noqa: E402, F401  (an uploaded file's import)

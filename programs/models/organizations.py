"""Organizations that run programs, with their representatives."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from moc_portal.core.addresses import NotReservedWord
from moc_portal.core.uploads import ImageUploadField

from .places import Settlement, latitude_field, longitude_field


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

    # The object's identity for the open API and the integrators' copies (never changes).
    uuid = models.UUIDField("UUID", default=uuid.uuid4, unique=True, editable=False)
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
    settlement = models.ForeignKey(
        Settlement,
        verbose_name="населённый пункт",
        on_delete=models.PROTECT,
        related_name="organizations",
        null=True,
        blank=True,
    )
    latitude = latitude_field()
    longitude = longitude_field()
    locality = models.CharField(
        "тип местности", max_length=10, choices=Locality.choices, default=Locality.URBAN
    )
    phone = models.CharField("телефон", max_length=50, blank=True)
    email = models.EmailField("e-mail", blank=True)
    website = models.URLField("сайт", blank=True)
    head_name = models.CharField("руководитель", max_length=200, blank=True)
    logo = ImageUploadField("логотип", folder="organizations", blank=True)
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

    def get_absolute_url(self):
        return reverse("programs:organization_detail", kwargs={"slug": self.slug})

    @property
    def has_point(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def is_rural(self):
        return self.locality == self.Locality.RURAL

    def clean(self):
        if self.inn and not (self.inn.isdigit() and len(self.inn) in (10, 12)):
            raise ValidationError({"inn": "ИНН состоит из 10 или 12 цифр."})
        if self.ogrn and not (self.ogrn.isdigit() and len(self.ogrn) in (13, 15)):
            raise ValidationError({"ogrn": "ОГРН состоит из 13 или 15 цифр."})

"""Where programs happen: settlements (a reference the catalogue can count) and places of study.

An organization may teach in several buildings; a program names the places it meets in. A
program without places meets at its organization's address (and coordinates).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

LATITUDE_VALIDATORS = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE_VALIDATORS = [MinValueValidator(-180), MaxValueValidator(180)]


def latitude_field():
    return models.DecimalField(
        "широта",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=LATITUDE_VALIDATORS,
        help_text="Например, 58.052410. Выберите точку на карте или введите число.",
    )


def longitude_field():
    return models.DecimalField(
        "долгота",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=LONGITUDE_VALIDATORS,
        help_text="Например, 37.115780.",
    )


class Settlement(models.Model):
    name = models.CharField("название", max_length=150, unique=True)
    slug = models.SlugField(
        "адрес в ссылках",
        max_length=150,
        unique=True,
        help_text="Латиницей, для ссылок каталога: /programs/?settlement=krasnyy-holm.",
    )

    class Meta:
        verbose_name = "населённый пункт"
        verbose_name_plural = "населённые пункты"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Place(models.Model):
    organization = models.ForeignKey(
        "programs.Organization",
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="places",
    )
    name = models.CharField(
        "название",
        max_length=200,
        blank=True,
        help_text="Например: «Корпус на ул. Мира» или «Школа № 2, кабинет 12».",
    )
    address = models.CharField("адрес", max_length=300)
    settlement = models.ForeignKey(
        Settlement,
        verbose_name="населённый пункт",
        on_delete=models.PROTECT,
        related_name="places",
        null=True,
        blank=True,
    )
    latitude = latitude_field()
    longitude = longitude_field()

    class Meta:
        verbose_name = "место занятий"
        verbose_name_plural = "места занятий"
        ordering = ["organization", "address", "id"]

    def __str__(self):
        return f"{self.name} ({self.address})" if self.name else self.address

    @property
    def has_point(self):
        return self.latitude is not None and self.longitude is not None

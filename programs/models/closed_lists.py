"""The catalogue's closed lists: направленности, levels, kinds of disability."""

from django.db import models
from django.urls import reverse


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

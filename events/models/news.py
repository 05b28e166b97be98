import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from moc_portal.core.addresses import NotReservedWord
from moc_portal.core.richtext import SanitizedHTMLField
from moc_portal.core.uploads import POLICIES, ImageUploadField

# The widest a news image is shown (the article column at 2× density).
IMAGE_MAX_SIDE = POLICIES["image"].max_side


class NewsQuerySet(models.QuerySet):
    def public(self, now=None):
        """Published and due: an item dated tomorrow appears tomorrow by itself."""
        return self.filter(
            status=NewsItem.Status.PUBLISHED, published_at__lte=now or timezone.now()
        )

    def latest_first(self):
        return self.order_by("-published_at", "-id")


class NewsItem(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Черновик"
        PUBLISHED = "published", "Опубликована"

    # The object's identity for the open API and the integrators' copies (never changes).
    uuid = models.UUIDField("UUID", default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField("заголовок", max_length=300)
    slug = models.SlugField(
        "адрес страницы", max_length=120, unique=True, validators=[NotReservedWord()]
    )
    lead = models.TextField(
        "анонс", max_length=600, blank=True, help_text="Абзац для списка новостей и RSS."
    )
    body = SanitizedHTMLField("текст")
    image = ImageUploadField(
        "изображение",
        folder="news",
        blank=True,
        help_text=f"JPG или PNG; больше {IMAGE_MAX_SIDE} точек по длинной стороне уменьшается.",
    )
    image_alt = models.CharField(
        "описание изображения",
        max_length=300,
        blank=True,
        help_text="Что на картинке — для незрячих читателей. Обязательно, если есть изображение.",
    )
    published_at = models.DateTimeField("дата публикации", default=timezone.now, db_index=True)
    status = models.CharField(
        "статус", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    updated_at = models.DateTimeField("обновлено", auto_now=True)

    objects = NewsQuerySet.as_manager()

    class Meta:
        verbose_name = "новость"
        verbose_name_plural = "новости"
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:news_detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": "Опишите изображение: без описания его не увидят незрячие читатели."}
            )

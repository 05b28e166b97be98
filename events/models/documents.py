import uuid

from django.db import models
from django.urls import reverse
from django.utils import timezone

from moc_portal.core.uploads import UploadFileField, human_size, kind_of_name


class DocumentQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=Document.Status.PUBLISHED)

    def newest_first(self):
        return self.order_by("-published_at", "-id")


class Document(models.Model):
    class Category(models.TextChoices):
        NORMATIVE = "normative", "Нормативные документы"
        REGULATIONS = "regulations", "Положение о МОЦ"
        WORK_PLAN = "work_plan", "План работы"
        MEDIA_PLAN = "media_plan", "Медиаплан"
        REPORTS = "reports", "Отчёты"
        METHODICAL = "methodical", "Методические материалы"

    class Status(models.TextChoices):
        DRAFT = "draft", "Черновик"
        PUBLISHED = "published", "Опубликован"

    # The object's identity for the open API and the integrators' copies (never changes).
    uuid = models.UUIDField("UUID", default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField("название", max_length=300)
    category = models.CharField("раздел", max_length=20, choices=Category.choices)
    number = models.CharField("номер", max_length=50, blank=True)
    signed_on = models.DateField("дата документа", null=True, blank=True)
    file = UploadFileField("файл", folder="documents", help_text="PDF, DOCX или XLSX.")
    file_size = models.PositiveBigIntegerField("размер файла, байт", default=0, editable=False)
    status = models.CharField(
        "статус", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField("дата публикации", default=timezone.now)
    media_plan = models.OneToOneField(
        "events.MediaPlan",
        verbose_name="медиаплан",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="document",
        help_text="Заполняется, когда документ опубликован из медиаплана.",
    )
    updated_at = models.DateTimeField("обновлено", auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "документ"
        verbose_name_plural = "документы"
        ordering = ["category", "-published_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:document_download", kwargs={"pk": self.pk})

    @property
    def kind_label(self):
        kind = kind_of_name(self.file.name)
        return kind.label if kind else ""

    @property
    def size_text(self):
        return human_size(self.file_size) if self.file_size else ""

    @property
    def download_name(self):
        """A readable file name for the visitor's disk (the stored one is random)."""
        kind = kind_of_name(self.file.name)
        extension = kind.extension if kind else "bin"
        cleaned = "".join(ch for ch in self.title if ch not in '\\/:*?"<>|').strip()[:120]
        return f"{cleaned or 'document'}.{extension}"

"""ImportBatch: one uploaded file on its way through the import.

Upload → check (the preview: what would be created, changed, left alone, and every error by
row and column; nothing saved) → the user confirms → the rows are written. Small files are
checked and written in the request; big ones by the Celery worker, with `progress` for the
page that polls the batch. The file itself lives only in a temporary file (`temp_path`)
until the batch is written, refused, cancelled or left unconfirmed too long.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse


class ImportBatch(models.Model):
    class Target(models.TextChoices):
        PROGRAM = "program", "Программы"
        ORGANIZATION = "organization", "Организации"

    class Status(models.TextChoices):
        CHECKING = "checking", "Проверяется"
        READY = "ready", "Ждёт подтверждения"
        INVALID = "invalid", "В файле ошибки"
        APPLYING = "applying", "Загружается"
        DONE = "done", "Загружено"
        FAILED = "failed", "Не загружено"
        CANCELLED = "cancelled", "Отменено"
        EXPIRED = "expired", "Не подтверждено вовремя"

    FINISHED = (Status.INVALID, Status.DONE, Status.FAILED, Status.CANCELLED, Status.EXPIRED)
    WORKING = (Status.CHECKING, Status.APPLYING)

    target = models.CharField("что загружается", max_length=20, choices=Target.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="загрузил",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    status = models.CharField(
        "статус", max_length=10, choices=Status.choices, default=Status.CHECKING
    )
    file_name = models.CharField("файл", max_length=255)
    temp_path = models.CharField("временный файл", max_length=500, blank=True)
    in_background = models.BooleanField("в фоне", default=False)
    progress = models.PositiveSmallIntegerField("готовность, %", default=0)
    counts = models.JSONField("строки", default=dict, blank=True)
    errors = models.JSONField("ошибки", default=list, blank=True)
    error_count = models.PositiveIntegerField("ошибок", default=0)
    preview = models.JSONField("предпросмотр", default=list, blank=True)
    unknown_headers = models.JSONField("неизвестные колонки", default=list, blank=True)
    message = models.TextField("сообщение", blank=True)
    created_at = models.DateTimeField("загружен", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)
    finished_at = models.DateTimeField("завершён", null=True, blank=True)

    class Meta:
        verbose_name = "загрузка из файла"
        verbose_name_plural = "загрузки из файлов"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_target_display()}: {self.file_name}"

    def get_absolute_url(self):
        return reverse("programs:import_batch", kwargs={"pk": self.pk})

    @property
    def is_finished(self):
        return self.status in self.FINISHED

    @property
    def row_count(self):
        return sum(self.counts.values())

"""«Консультации»: questions organizations ask the МОЦ, the answers, and the public «Вопросы и
ответы» made of the answers a methodist chose to publish, anonymised."""

from django.db import models
from django.utils import timezone

from moc_portal.core.search_text import index_text
from moc_portal.core.uploads import UploadFileField, kind_of_name
from moc_portal.core.user_references import user_reference
from programs.models import Organization

# What an attachment may be (decided by content, see moc_portal.core.uploads): the kernel's
# «document» policy — PDF, DOCX, XLSX — kept private.
ATTACHMENT_POLICY = "document"
MAX_ATTACHMENTS = 5


class Topic(models.TextChoices):
    PROGRAMS = "programs", "Дополнительные программы"
    PFDO = "pfdo", "ПФДО и сертификаты"
    MONITORING = "monitoring", "Мониторинг и отчёты"
    EVENTS = "events", "Мероприятия"
    OTHER = "other", "Другое"


class ConsultationQuerySet(models.QuerySet):
    def public(self):
        """What anyone may read: the entries a methodist published (the house's public())."""
        return self.filter(published_at__isnull=False)

    def waiting(self):
        return self.filter(status=Consultation.Status.NEW)

    def for_queue(self):
        return self.select_related("organization", "asked_by")

    def of_organizations(self, organizations):
        return self.filter(organization__in=organizations)


class Consultation(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "Ждёт ответа"
        ANSWERED = "answered", "Отвечена"

    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    asked_by = user_reference("кто спросил")
    topic = models.CharField("тема", max_length=20, choices=Topic.choices)
    question = models.TextField("вопрос")
    created_at = models.DateTimeField("задан", default=timezone.now, db_index=True)
    status = models.CharField(
        "состояние", max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    answer = models.TextField("ответ", blank=True)
    answered_by = user_reference("ответил")
    answered_at = models.DateTimeField("дата ответа", null=True, blank=True, db_index=True)
    # The public «Вопросы и ответы»: the methodist's own wording, with no organization or
    # person named unless they choose to name them.
    public_question = models.TextField(
        "вопрос для публикации",
        blank=True,
        help_text="Перескажите вопрос без названия организации и имён.",
    )
    public_answer = models.TextField(
        "ответ для публикации",
        blank=True,
        help_text="Ответ в том виде, в каком его увидят все посетители сайта.",
    )
    published_at = models.DateTimeField(
        "опубликована в «Вопросах и ответах»", null=True, blank=True, db_index=True
    )
    search_text = models.TextField("текст для поиска", blank=True, editable=False)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = "консультация"
        verbose_name_plural = "консультации"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True)
                | (~models.Q(public_question="") & ~models.Q(public_answer="")),
                name="consultation_published_has_texts",
                violation_error_message="Для публикации нужны и вопрос, и ответ.",
            )
        ]

    def __str__(self):
        text = " ".join(self.question.split())
        return text if len(text) <= 60 else text[:59] + "…"

    @property
    def is_answered(self):
        return self.status == self.Status.ANSWERED

    @property
    def is_published(self):
        return self.published_at is not None

    def refresh_search_text(self):
        """The stored search text of the public entry (the kernel's « title | rest » form)."""
        if self.is_published:
            self.search_text = index_text(self.public_question, self.public_answer)
        else:
            self.search_text = ""


class Attachment(models.Model):
    consultation = models.ForeignKey(
        Consultation,
        verbose_name="консультация",
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = UploadFileField("файл", folder="consultations", policy=ATTACHMENT_POLICY)
    title = models.CharField("название", max_length=200)
    size = models.PositiveBigIntegerField("размер, байт", default=0, editable=False)

    class Meta:
        verbose_name = "вложение"
        verbose_name_plural = "вложения"
        ordering = ["id"]

    def __str__(self):
        return self.title

    @property
    def download_name(self):
        kind = kind_of_name(self.file.name) if self.file else None
        return f"attachment-{self.pk}.{kind.extension}" if kind else f"attachment-{self.pk}"

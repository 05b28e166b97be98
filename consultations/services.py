"""Writes of consultations: asking, answering (the answer is queued in the outbox once),
publishing an anonymised question and answer to «Вопросы и ответы», and taking it down.

Mail goes through the kernel's outbox in the transaction that saves its cause: the form never
waits for the mail server, and a resent form or a second save queues nothing more.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from moc_portal.core.email import send_email
from moc_portal.models import SiteSettings

from . import selectors
from .models import Attachment, Consultation


class ConsultationError(Exception):
    """An operation that does not fit the consultation's state (a Russian message)."""


def answer_dedupe_key(consultation_id):
    return f"consultation-answer:{consultation_id}"


def received_dedupe_key(consultation_id):
    return f"consultation-received:{consultation_id}"


@transaction.atomic
def ask(*, organization, user, topic, question, files=()):
    """Store the question with its (already checked) files and tell the МОЦ by e-mail.

    files: [(title, uploaded file)] as the form's check left them.
    """
    consultation = Consultation.objects.create(
        organization=organization, asked_by=user, topic=topic, question=question.strip()
    )
    for title, upload in files:
        Attachment.objects.create(
            consultation=consultation, file=upload, title=title[:200], size=upload.size or 0
        )
    site = SiteSettings.load()
    if site.email:
        send_email(
            "consultations/emails/received",
            {
                "consultation": consultation,
                "admin_path": reverse(
                    "admin:consultations_consultation_change", args=[consultation.pk]
                ),
            },
            to=[site.email],
            dedupe_key=received_dedupe_key(consultation.pk),
        )
    return consultation


def recipients(consultation):
    """Who the answer goes to: the person who asked, else the organization's e-mail."""
    asker = consultation.asked_by
    if asker is not None and asker.email:
        return [asker.email]
    if consultation.organization.email:
        return [consultation.organization.email]
    return []


@transaction.atomic
def answer(consultation, *, text, user):
    """Record the answer and queue its mail once; returns the queued OutgoingMail or None.

    A consultation answered already keeps its first answer's mail: the answer may be corrected
    in the admin, but the asker is not written to twice.
    """
    text = (text or "").strip()
    if not text:
        raise ConsultationError("Напишите ответ.")
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    first = consultation.answered_at is None
    consultation.answer = text
    if first:
        consultation.answered_by = user
        consultation.answered_at = timezone.now()
    consultation.status = Consultation.Status.ANSWERED
    consultation.save(update_fields=["answer", "answered_by", "answered_at", "status"])
    to = recipients(consultation)
    if not to:
        return None
    return send_email(
        "consultations/emails/answer",
        {
            "consultation": consultation,
            "path": reverse("consultations:detail", args=[consultation.pk]),
        },
        to=to,
        dedupe_key=answer_dedupe_key(consultation.pk),
    )


@transaction.atomic
def publish(consultation, *, question, answer_text):
    """Put the methodist's anonymised wording into «Вопросы и ответы» (or update it)."""
    question, answer_text = (question or "").strip(), (answer_text or "").strip()
    if not consultation.is_answered:
        raise ConsultationError("Опубликовать можно только консультацию с ответом.")
    if not (question and answer_text):
        raise ConsultationError(
            "Для публикации заполните «вопрос для публикации» и «ответ для публикации»."
        )
    consultation.public_question = question
    consultation.public_answer = answer_text
    if consultation.published_at is None:
        consultation.published_at = timezone.now()
    consultation.refresh_search_text()
    consultation.save(
        update_fields=["public_question", "public_answer", "published_at", "search_text"]
    )
    selectors.forget_vocabulary()
    return consultation


@transaction.atomic
def unpublish(consultation):
    consultation.published_at = None
    consultation.refresh_search_text()
    consultation.save(update_fields=["published_at", "search_text"])
    selectors.forget_vocabulary()
    return consultation

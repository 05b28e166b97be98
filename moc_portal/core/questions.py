"""«Задать вопрос»: the questions parents ask on the contacts page, as plain functions.

The view and the admin call these; Celery tasks (moc_portal/tasks.py) call the ones that run on
a schedule. Mail goes through the outbox, in the transaction that saves the question or the
answer: the form never waits for the mail server or the broker. Personal data (name, e-mail,
phone, the answer addressed to the person, the IP of the consent) is erased
`SiteSettings.personal_data_retention_days` after a question is closed; the question's text
stays for statistics.
"""

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from moc_portal.models import ConsentRecord, Question, SiteSettings

from .client_address import client_address
from .consent import record_consent
from .email import send_email

CONSENT_PURPOSE = "Вопрос с сайта"
# The same question from the same person within this time is a double click or a resent form.
DUPLICATE_WINDOW = timedelta(minutes=10)


@transaction.atomic
def ask_question(request, *, name, reply_by, email, phone, text):
    """Store a question with the consent the person gave and queue the МОЦ's notification.

    The same question from the same client address within DUPLICATE_WINDOW returns the first
    one: one record, one mail.
    """
    contact = {
        "name": name,
        "reply_by": reply_by,
        "email": email if reply_by == Question.ReplyBy.EMAIL else "",
        "phone": phone if reply_by == Question.ReplyBy.PHONE else "",
        "text": text,
    }
    # Two submits at once wait here for each other (PostgreSQL), so the second sees the first.
    SiteSettings.objects.select_for_update().filter(pk=SiteSettings.load().pk).exists()
    since = timezone.now() - DUPLICATE_WINDOW
    duplicate = Question.objects.filter(
        created_at__gte=since, consent__ip_address=client_address(request), **contact
    ).first()
    if duplicate is not None:
        return duplicate
    question = Question.objects.create(**contact, consent=record_consent(request, CONSENT_PURPOSE))
    notify_staff(question.pk)
    return question


def notify_staff(question_id):
    """Queue the МОЦ's e-mail that a question came (once per question); nothing to do when the
    site has no e-mail."""
    site = SiteSettings.load()
    question = Question.objects.get(pk=question_id)
    if not site.email:
        return None
    return send_email(
        "emails/question_received",
        {
            "question": question,
            "admin_path": reverse("admin:moc_portal_question_change", args=[question.pk]),
        },
        to=[site.email],
        reply_to=[question.email] if question.email else None,
        dedupe_key=f"question-received:{question.pk}",
    )


@transaction.atomic
def answer_question(question, *, answer, user):
    """Close the question with the methodist's answer and queue the mail to the asker (when
    they gave an e-mail); returns the queued OutgoingMail or None."""
    question.answer = answer
    question.answered_by = user
    question.status = Question.Status.ANSWERED
    question.closed_at = timezone.now()
    question.save(update_fields=["answer", "answered_by", "status", "closed_at"])
    return send_answer(question.pk)


def answer_dedupe_key(question_id):
    return f"question-answer:{question_id}"


@transaction.atomic
def send_answer(question_id):
    """Queue the answer's mail once: a second call returns the row queued first."""
    question = Question.objects.select_for_update().get(pk=question_id)
    if not (question.email and question.answer):
        return None
    context = {"question": question, "privacy_path": reverse("privacy")}
    mail = send_email(
        "emails/question_answer",
        context,
        to=[question.email],
        dedupe_key=answer_dedupe_key(question.pk),
    )
    if question.answer_sent_at is None:
        question.answer_sent_at = mail.created_at
        question.save(update_fields=["answer_sent_at"])
    return mail


def close_without_answer(question):
    question.status = Question.Status.CLOSED
    question.closed_at = timezone.now()
    question.save(update_fields=["status", "closed_at"])


def erase_expired_personal_data(now=None):
    """Erase the contacts of questions closed more than the retention period ago; the count."""
    now = now or timezone.now()
    days = SiteSettings.load().personal_data_retention_days
    expired = Question.objects.filter(
        closed_at__lte=now - timedelta(days=days), personal_data_erased_at__isnull=True
    )
    with transaction.atomic():
        ids = list(expired.select_for_update().values_list("pk", flat=True))
        ConsentRecord.objects.filter(question__in=ids).update(ip_address=None)
        Question.objects.filter(pk__in=ids).update(
            name="", email="", phone="", answer="", personal_data_erased_at=now
        )
    return len(ids)

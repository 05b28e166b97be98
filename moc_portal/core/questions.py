"""«Задать вопрос»: the questions parents ask on the contacts page, as plain functions.

The view and the admin call these; Celery tasks (moc_portal/tasks.py) call the ones that send
mail or run on a schedule. Personal data (name, e-mail, phone, the answer addressed to the
person, the IP of the consent) is erased `SiteSettings.personal_data_retention_days` after a
question is closed; the question's text stays for statistics.
"""

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from moc_portal.models import ConsentRecord, Question, SiteSettings

from .consent import record_consent
from .email import send_email

CONSENT_PURPOSE = "Вопрос с сайта"


@transaction.atomic
def ask_question(request, *, name, reply_by, email, phone, text):
    """Store a question with the consent the person gave; the caller queues the notification."""
    return Question.objects.create(
        name=name,
        reply_by=reply_by,
        email=email if reply_by == Question.ReplyBy.EMAIL else "",
        phone=phone if reply_by == Question.ReplyBy.PHONE else "",
        text=text,
        consent=record_consent(request, CONSENT_PURPOSE),
    )


def notify_staff(question_id):
    """E-mail the МОЦ that a question came; nothing to do when the site has no e-mail."""
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
    )


def answer_question(question, *, answer, user):
    """Close the question with the methodist's answer; returns True when it should be mailed."""
    question.answer = answer
    question.answered_by = user
    question.status = Question.Status.ANSWERED
    question.closed_at = timezone.now()
    question.save(update_fields=["answer", "answered_by", "status", "closed_at"])
    return bool(question.email)


def send_answer(question_id):
    """Mail the answer once: a redelivered task finds `answer_sent_at` set and stops."""
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question_id)
        if question.answer_sent_at or not (question.email and question.answer):
            return None
        context = {"question": question, "privacy_path": reverse("privacy")}
        message = send_email("emails/question_answer", context, to=[question.email])
        question.answer_sent_at = timezone.now()
        question.save(update_fields=["answer_sent_at"])
    return message


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

"""The site's own Celery tasks; each only calls a service in moc_portal/core/questions.py."""

from smtplib import SMTPException

from celery import shared_task

from .core import questions

TRANSIENT_MAIL_ERRORS = (SMTPException, OSError, ConnectionError)
RETRY_WITH_BACKOFF = {
    "acks_late": True,
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, **RETRY_WITH_BACKOFF)
def notify_question_received(question_id):
    questions.notify_staff(question_id)


@shared_task(autoretry_for=TRANSIENT_MAIL_ERRORS, **RETRY_WITH_BACKOFF)
def send_question_answer(question_id):
    questions.send_answer(question_id)


@shared_task(acks_late=True)
def erase_expired_question_data():
    """The daily schedule (django-celery-beat, created by a data migration)."""
    return questions.erase_expired_personal_data()

"""The site's own Celery tasks; each only calls services (the wiring may call every app's)."""

from smtplib import SMTPException

from celery import shared_task

from best_practices.services.privacy import forget_old_contacts

from .core import questions

TRANSIENT_MAIL_ERRORS = (SMTPException, OSError, ConnectionError)
RETRY_WITH_BACKOFF = {
    # Nobody reads these tasks' results; keeping one made queueing wait ~19 s for the result
    # backend (Redis) while it was down, on the public question form.
    "ignore_result": True,
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
def erase_expired_personal_data():
    """The daily schedule (django-celery-beat, created by a data migration): every kind of
    personal data the portal keeps, past the site's retention period. Returns how many
    records were erased."""
    return questions.erase_expired_personal_data() + forget_old_contacts()


@shared_task(acks_late=False, ignore_result=True)
def backup_daily():
    """The daily backup with its retention (a data migration schedules it). Not acked late: a
    backup cut off by a worker's death is not worth running twice; the next day's runs."""
    from . import backups

    return str(backups.run_scheduled_backup())

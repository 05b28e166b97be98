"""The site's own Celery tasks; each only calls services (the wiring may call every app's)."""

from celery import shared_task

from best_practices.services.privacy import forget_old_contacts

from .core import questions
from .core.task_retries import TRANSIENT_MAIL_ERRORS, retrying

# Nobody reads these tasks' results; keeping one made queueing wait ~19 s for the result
# backend (Redis) while it was down, on the public question form.
MAIL_TASK = {"ignore_result": True, **retrying(*TRANSIENT_MAIL_ERRORS)}


@shared_task(**MAIL_TASK)
def notify_question_received(question_id):
    questions.notify_staff(question_id)


@shared_task(**MAIL_TASK)
def send_question_answer(question_id):
    questions.send_answer(question_id)


@shared_task(acks_late=True)
def erase_expired_personal_data():
    """The daily schedule (django-celery-beat, created by a data migration): every kind of
    personal data the portal keeps, past the site's retention period. Returns how many
    records were erased."""
    return questions.erase_expired_personal_data() + forget_old_contacts()

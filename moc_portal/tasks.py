"""The site's own Celery tasks; each only calls services (the wiring may call every app's)."""

from celery import shared_task

from best_practices.services.privacy import forget_old_contacts

from .core import outbox, questions
from .opendata import services as opendata


@shared_task(ignore_result=True)
def deliver_mail():
    """The beat's «Отправка исходящих писем», every minute: send the outbox's due mail (each
    failure is kept on its row with the next attempt; the task itself never retries)."""
    return outbox.deliver_due()


# Queued by the portal before the outbox (messages still in a broker after an upgrade): they now
# only make sure the mail is in the outbox (once, by its key).
@shared_task(ignore_result=True)
def notify_question_received(question_id):
    questions.notify_staff(question_id)


@shared_task(ignore_result=True)
def send_question_answer(question_id):
    questions.send_answer(question_id)


@shared_task(acks_late=True)
def erase_expired_personal_data():
    """The daily schedule (django-celery-beat, created by a data migration): every kind of
    personal data the portal keeps, past the site's retention period, and the outbox's mail
    past OUTBOX_KEEP_DAYS. Returns how many records were erased."""
    return (
        questions.erase_expired_personal_data() + forget_old_contacts() + outbox.delete_old_mail()
    )


@shared_task(acks_late=False, ignore_result=True)
def backup_daily():
    """The daily backup with its retention (a data migration schedules it). Not acked late: a
    backup cut off by a worker's death is not worth running twice; the next day's runs."""
    from . import backups

    return str(backups.run_scheduled_backup())


@shared_task(acks_late=True, ignore_result=True)
def publish_open_data():
    """The beat's «Публикация открытых данных», daily: a new dated version of every open-data
    set whose data changed (idempotent: one version a day per set, by a unique constraint)."""
    return opendata.publish_changed_sets()

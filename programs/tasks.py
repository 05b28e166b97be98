"""Celery tasks of the catalogue: each takes a primary key and calls a service."""

from celery import shared_task

from .services import watches
from .services.imports import batches

# The batch's row holds its state and progress (the page polls it): no Celery result is kept,
# so a stopped Redis cannot hold the web process waiting for a result backend. No retries: a
# failure ends the batch as «Не загружено» (nothing saved) and the user uploads it again.
IMPORT_TASK = {"bind": True, "acks_late": True, "ignore_result": True}


def _progress(task):
    def progress(percent):
        if not task.request.is_eager:
            task.update_state(state="PROGRESS", meta={"progress": percent})

    return progress


@shared_task(**IMPORT_TASK)
def check_import_task(self, batch_id):
    """The preview of a big file; a batch no longer being checked is left alone."""
    batches.check_batch(batch_id, progress=_progress(self))


@shared_task(**IMPORT_TASK)
def apply_import_task(self, batch_id):
    """Write a confirmed batch; a batch no longer being written is left alone."""
    batches.apply_batch(batch_id, progress=_progress(self))


@shared_task(ignore_result=True)
def remove_stale_imports_task():
    """The schedule: unconfirmed previews and files left in the temporary folder."""
    return batches.remove_stale_batches()


@shared_task(acks_late=True, ignore_result=True)
def enrolment_watches_task():
    """The hourly «Письма об открытии записи» (a data migration schedules it): one mail per
    waiting parent whose program opened, then the addresses no longer needed are erased.
    Safe to repeat: each watch is marked with its mail's dedupe key in one transaction."""
    return watches.run_schedule()

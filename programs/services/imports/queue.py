"""Starting and confirming a batch: at once, or handed to the worker (programs.tasks).

Kept apart from `batches` (which the tasks call) so that the tasks and the services do not
import each other.
"""

import logging

from django.utils import timezone

from ... import tasks
from ...models import ImportBatch
from ..import_files import ImportFileError, read_table
from .batches import QUEUE_UNAVAILABLE, _finish, apply_batch, background_rows, check_batch
from .storage import keep_upload, remove

logger = logging.getLogger(__name__)

__all__ = ["ImportFileError", "QueueUnavailable", "confirm_batch", "start_batch"]


class QueueUnavailable(Exception):
    """The broker (Redis) did not take the task; the message is for the user, in Russian."""


def start_batch(upload, *, target, user):
    """A new batch for `upload`, checked now or queued; ImportFileError if the file is refused,
    QueueUnavailable if it is big and the queue is down (the file is removed either way)."""
    path = keep_upload(upload)
    try:
        table = read_table(path, upload.name, stop_after=background_rows())
        batch = ImportBatch.objects.create(
            target=target,
            user=user,
            file_name=upload.name[:255],
            temp_path=path,
            in_background=not table.complete,
        )
    except BaseException:
        remove(path)
        raise
    if table.complete:
        check_batch(batch.pk, table=table)
    else:
        _queue("check", batch)
    batch.refresh_from_db()
    return batch


def confirm_batch(batch):
    """Write a checked batch (now, or queued for the worker); False if it was not waiting."""
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.READY).update(
        status=ImportBatch.Status.APPLYING, progress=0, updated_at=timezone.now()
    )
    if not claimed:
        return False
    if batch.in_background:
        _queue("apply", batch)
    else:
        apply_batch(batch.pk)
    return True


def _queue(step, batch):
    """Hand the batch to the worker; QueueUnavailable (and the batch ended) when it cannot."""
    from kombu.exceptions import OperationalError as BrokerUnreachable

    task = tasks.check_import_task if step == "check" else tasks.apply_import_task
    try:
        task.delay(batch.pk)
    except (BrokerUnreachable, ConnectionError, OSError) as error:
        logger.warning("Import batch %s not queued, the broker is unreachable: %s", batch.pk, error)
        message = QUEUE_UNAVAILABLE.format(rows=background_rows())
        if step == "apply":  # the preview stays valid: it may be confirmed again later
            ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.READY)
        else:
            _finish(batch, ImportBatch.Status.FAILED, message=message)
        raise QueueUnavailable(message) from error

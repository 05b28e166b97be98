"""An uploaded file's import as a batch: upload → check (the preview) → confirm → write.

`start_batch(upload, target=…, user=…)` keeps the file in a temporary file, passes it through
the kernel's spreadsheet gate and reads its first rows. A file of at most
IMPORT_BACKGROUND_ROWS rows is checked at once; a bigger one by the Celery worker
(`check_batch`), the page polling its progress. `confirm_batch` writes the checked rows the
same way (at once or in the worker) through `apply_batch`: the one place where a batch of
rows is applied, where the moderation of imported rows can hook in. The temporary file is
removed on every way out (refused, errors, written, failed, cancelled) and by
`remove_stale_batches` (the schedule) when a preview is left unconfirmed.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db.models import Q
from django.utils import timezone

from ...models import ImportBatch
from ..import_files import ImportFileError, read_table
from . import import_organizations, import_programs
from .rows import NEW, UPDATE, preview_rows
from .storage import remove, remove_stale_files

logger = logging.getLogger(__name__)

# The page shows this many rows of a preview and errors; the counts cover the whole file.
PREVIEW_ROWS = 500
ERROR_ROWS = 2000
IMPORTERS = {
    ImportBatch.Target.PROGRAM: import_programs,
    ImportBatch.Target.ORGANIZATION: import_organizations,
}
QUEUE_UNAVAILABLE = (
    "Большие файлы загружаются в фоне, а очередь фоновых задач сейчас недоступна. "
    "Ничего не сохранено. Попробуйте через несколько минут или разделите файл на части "
    "не больше {rows} строк: такие загружаются сразу."
)
INTERRUPTED = "Загрузка прервалась, ничего не сохранено. Загрузите файл ещё раз."


def background_rows():
    """Files with more data rows than this are checked and written by the worker."""
    return settings.IMPORT_BACKGROUND_ROWS


def check_batch(batch_id, table=None, progress=None):
    """The preview of a batch: what its rows would do and every error; nothing is saved."""
    batch = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.CHECKING).first()
    if batch is None:
        return None
    result = _import(batch, progress, dry_run=True, table=table)
    if result is None:
        return batch
    batch.unknown_headers = result.unknown_headers
    if result.ok:
        rows = sorted(preview_rows(result), key=lambda row: row["action"] == "skip")
        batch.preview = rows[:PREVIEW_ROWS]
        batch.status = ImportBatch.Status.READY
        batch.progress = 100
        batch.save()
    else:
        _finish(batch, ImportBatch.Status.INVALID)
    return batch


def apply_batch(batch_id, progress=None):
    """The one place where a batch of rows is applied to the catalogue.

    The file is read and checked again (the catalogue may have changed since the preview):
    all rows are written in one transaction, or none when an error turns up. The admin's
    history gets a line per added and changed object. The temporary file is removed."""
    batch = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.APPLYING).first()
    if batch is None:
        return None
    result = _import(batch, progress, dry_run=False)
    if result is None:
        return batch
    if result.ok:
        _log_changes(batch, result)
        _finish(batch, ImportBatch.Status.DONE)
    else:
        _finish(batch, ImportBatch.Status.FAILED)
    return batch


def cancel_batch(batch):
    """Drop a batch waiting for confirmation; its file is removed."""
    if batch.status != ImportBatch.Status.READY:
        return False
    _finish(batch, ImportBatch.Status.CANCELLED)
    return True


def remove_stale_batches(max_age=None):
    """The schedule: previews left unconfirmed, batches stuck in work, files left behind.

    Returns how many temporary files were removed."""
    max_age = max_age or datetime.timedelta(minutes=settings.IMPORT_PREVIEW_MAX_AGE_MINUTES)
    stale = ImportBatch.objects.filter(
        ~Q(temp_path=""), updated_at__lt=timezone.now() - max_age
    ).exclude(status__in=ImportBatch.WORKING)
    removed = 0
    for batch in stale:
        removed += _finish(batch, ImportBatch.Status.EXPIRED, keep_status=batch.is_finished)
    # A worker killed in the middle of a batch leaves it in work: it ends as failed.
    stuck = ImportBatch.objects.filter(
        status__in=ImportBatch.WORKING, updated_at__lt=timezone.now() - 3 * max_age
    )
    for batch in stuck:
        removed += _finish(batch, ImportBatch.Status.FAILED, message=INTERRUPTED)
    # Files no batch refers to (a crash between copying and recording) are removed by age.
    return removed + remove_stale_files(max_age.total_seconds() * 3)


def _finish(batch, status, message="", keep_status=False):
    """Record the batch's end and remove its file; 1 if there was a file."""
    had_file = bool(batch.temp_path)
    remove(batch.temp_path)
    batch.temp_path = ""
    if not keep_status:
        batch.status = status
        batch.progress = 100
        batch.message = message or batch.message
        batch.finished_at = timezone.now()
    batch.save()
    return int(had_file)


def _import(batch, progress, *, dry_run, table=None):
    """The importer's result for the batch's file (its counts and errors kept on the batch),
    with progress at 10, 40 (read) and 90 percent (checked or written). None when the file
    cannot be read: the batch has ended, invalid for a check, failed for a write. Any other
    error ends the batch as failed and is raised."""
    report = _progress_reporter(batch.pk, progress)
    try:
        report(10)
        table = table or read_table(batch.temp_path, batch.file_name)
        report(40)
        result = IMPORTERS[batch.target](table, user=batch.user, dry_run=dry_run)
        report(90)
    except ImportFileError as error:
        status = ImportBatch.Status.INVALID if dry_run else ImportBatch.Status.FAILED
        _finish(batch, status, message=str(error))
        return None
    except BaseException as error:
        _finish(batch, ImportBatch.Status.FAILED, message=_failure(error))
        raise
    batch.counts = result.counts
    _keep_errors(batch, result)
    return result


def _keep_errors(batch, result):
    batch.error_count = len(result.errors)
    batch.errors = [
        {"row": error.row, "column": error.column, "message": error.message}
        for error in result.errors[:ERROR_ROWS]
    ]


def _log_changes(batch, result):
    """The admin history of every added and changed object, in Russian, in two queries."""
    if batch.user is None:
        return
    for action, flag, text in (
        (NEW, ADDITION, "Добавлено загрузкой из файла."),
        (UPDATE, CHANGE, "Изменено загрузкой из файла."),
    ):
        instances = [o.instance for o in result.outcomes if o.action == action]
        if instances:
            LogEntry.objects.log_actions(batch.user.pk, instances, flag, change_message=text)


def _progress_reporter(batch_id, progress):
    def report(percent):
        ImportBatch.objects.filter(pk=batch_id).update(progress=percent)
        if progress:
            progress(percent)

    return report


def _failure(error):
    return f"Ошибка при загрузке, ничего не сохранено ({type(error).__name__})."

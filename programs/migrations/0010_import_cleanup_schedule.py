"""The schedule that removes unconfirmed import files: every 15 minutes.

«Удаление незавершённых загрузок из файлов»: a preview left unconfirmed longer than
IMPORT_PREVIEW_MAX_AGE_MINUTES loses its temporary file (the uploaded spreadsheet).
Editable in the admin afterwards. Idempotent: an existing task (by name) is left alone.
"""

from django.db import migrations

from moc_portal.core.beat_migrations import interval_task

NAME = "Удаление незавершённых загрузок из файлов"
TASK = "programs.tasks.remove_stale_imports_task"
DESCRIPTION = (
    "Удаляет временные файлы загрузок программ и организаций, которые не подтвердили "
    "вовремя, и файлы, оставшиеся после сбоев."
)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0009_import_batch"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [interval_task(NAME, TASK, DESCRIPTION, every=15, period="minutes")]

"""The schedule that removes unconfirmed import files: every 15 minutes.

«Удаление незавершённых загрузок из файлов»: a preview left unconfirmed longer than
IMPORT_PREVIEW_MAX_AGE_MINUTES loses its temporary file (the uploaded spreadsheet).
Editable in the admin afterwards. Idempotent: an existing task (by name) is left alone.
"""

from django.db import migrations
from django.utils import timezone

NAME = "Удаление незавершённых загрузок из файлов"
TASK = "programs.tasks.remove_stale_imports_task"
DESCRIPTION = (
    "Удаляет временные файлы загрузок программ и организаций, которые не подтвердили "
    "вовремя, и файлы, оставшиеся после сбоев."
)


def create_schedule(apps, schema_editor):
    db = schema_editor.connection.alias
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.using(db).filter(name=NAME).exists():
        return
    interval, _ = IntervalSchedule.objects.using(db).get_or_create(every=15, period="minutes")
    PeriodicTask.objects.using(db).create(
        name=NAME, task=TASK, interval=interval, description=DESCRIPTION, enabled=True
    )
    # The beat scheduler reloads when this timestamp moves; migration models send no signals.
    PeriodicTasks.objects.using(db).update_or_create(
        ident=1, defaults={"last_update": timezone.now()}
    )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.using(schema_editor.connection.alias).filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0009_import_batch"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]

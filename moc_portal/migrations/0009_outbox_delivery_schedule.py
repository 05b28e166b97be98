"""The schedule that delivers the outbox: «Отправка исходящих писем» every minute.

Each run expires after 50 s, so while the worker is away the beat does not pile up runs.
Idempotent: an existing task (by name) is left alone.
"""

from django.db import migrations
from django.utils import timezone

NAME = "Отправка исходящих писем"
TASK = "moc_portal.tasks.deliver_mail"
DESCRIPTION = (
    "Каждую минуту отправляет письма из «Исходящих писем», срок которых наступил; неудачные "
    "попытки повторяются через 1, 2, 4 … минут (не реже раза в 6 часов)."
)


def create_schedule(apps, schema_editor):
    db = schema_editor.connection.alias
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.using(db).filter(name=NAME).exists():
        return
    interval, _ = IntervalSchedule.objects.using(db).get_or_create(every=1, period="minutes")
    PeriodicTask.objects.using(db).create(
        name=NAME,
        task=TASK,
        interval=interval,
        description=DESCRIPTION,
        expire_seconds=50,
        enabled=True,
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
        ("moc_portal", "0008_outgoing_mail"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]

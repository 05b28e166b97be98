"""The hourly schedule «Письма об открытии записи»: tells the parents waiting for a program
that its enrolment opened and erases the addresses no longer needed (the window closed, the
retention period passed, unconfirmed for a week). Editable in the admin afterwards.
Idempotent: an existing task (by name) is left alone."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

NAME = "Письма об открытии записи"
TASK = "programs.tasks.enrolment_watches_task"
DESCRIPTION = (
    "Раз в час: пишет родителям, подписавшимся на программу, что запись открылась (одно "
    "письмо), и удаляет адреса после окончания записи или по истечении срока хранения."
)


def create_schedule(apps, schema_editor):
    db = schema_editor.connection.alias
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.using(db).filter(name=NAME).exists():
        return
    fields = {
        "minute": "7",
        "hour": "*",
        "day_of_month": "*",
        "day_of_week": "*",
        "month_of_year": "*",
        "timezone": settings.TIME_ZONE,
    }
    crontab = CrontabSchedule.objects.using(db).filter(**fields).first()
    if crontab is None:
        crontab = CrontabSchedule.objects.using(db).create(**fields)
    PeriodicTask.objects.using(db).create(
        name=NAME, task=TASK, crontab=crontab, description=DESCRIPTION, enabled=True
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
        ("programs", "0015_places_total_from_free_places"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]

"""Open data (issue 22): «Публикация открытых данных» every day at 03:40 (settings.TIME_ZONE),
editable in the admin. Idempotent: an existing task (by name) is left alone."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

NAME = "Публикация открытых данных"
TASK = "moc_portal.tasks.publish_open_data"
DESCRIPTION = (
    "Новая датированная версия каждого набора открытых данных (/opendata/), данные которого "
    "изменились со времени последней версии; не чаще раза в день."
)


def create_schedule(apps, schema_editor):
    db = schema_editor.connection.alias
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.using(db).filter(name=NAME).exists():
        return
    fields = {
        "minute": "40",
        "hour": "3",
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
    PeriodicTasks.objects.using(db).update_or_create(
        ident=1, defaults={"last_update": timezone.now()}
    )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.using(schema_editor.connection.alias).filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("moc_portal", "0012_open_data_versions_and_responsible"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]

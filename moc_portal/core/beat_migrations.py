"""The one way a data migration puts a task on django-celery-beat's schedule.

Each schedule migration says only what runs, when and why; this adds the task (unless one of
that name exists: a methodist may have changed it in the admin since) and removes it when the
migration is unapplied. Migrations may import the kernel, never an app; models come from the
migration's `apps`, the historical state.
"""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

EVERY_FIELD = {"day_of_month": "*", "day_of_week": "*", "month_of_year": "*"}


def crontab_task(name, task, description, *, minute, hour="*", **other_fields):
    """A RunPython operation: `task` named `name` at `minute` past `hour` (crontab strings, in
    settings.TIME_ZONE); other crontab fields (`day_of_month`…) default to every."""
    fields = {
        "minute": minute,
        "hour": hour,
        **EVERY_FIELD,
        **other_fields,
        "timezone": settings.TIME_ZONE,
    }

    def schedule(apps, db):
        CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
        crontab = CrontabSchedule.objects.using(db).filter(**fields).first()
        return {"crontab": crontab or CrontabSchedule.objects.using(db).create(**fields)}

    return _operation(name, task, description, schedule)


def interval_task(name, task, description, *, every, period, **task_options):
    """A RunPython operation: `task` named `name` every `every` `period` ("minutes", "hours");
    `task_options` are PeriodicTask fields (`expire_seconds`…)."""

    def schedule(apps, db):
        IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
        interval, _ = IntervalSchedule.objects.using(db).get_or_create(every=every, period=period)
        return {"interval": interval}

    return _operation(name, task, description, schedule, task_options)


def _operation(name, task, description, schedule, task_options=None):
    def add(apps, schema_editor):
        db = schema_editor.connection.alias
        PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
        if PeriodicTask.objects.using(db).filter(name=name).exists():
            return
        PeriodicTask.objects.using(db).create(
            name=name,
            task=task,
            description=description,
            enabled=True,
            **schedule(apps, db),
            **(task_options or {}),
        )
        # The beat scheduler reloads when this timestamp moves; migration models send no signals.
        PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
        PeriodicTasks.objects.using(db).update_or_create(
            ident=1, defaults={"last_update": timezone.now()}
        )

    def remove(apps, schema_editor):
        PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
        PeriodicTask.objects.using(schema_editor.connection.alias).filter(name=name).delete()

    return migrations.RunPython(add, remove)

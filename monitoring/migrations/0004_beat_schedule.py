"""The default schedules of monitoring's periodic tasks (editable in the admin afterwards).

- «Выгрузка в РМЦ за прошлый месяц»: the 5th of each month at 06:00 (settings.TIME_ZONE);
- «Напоминания о сроке мониторинга»: every day at 07:00 (settings.TIME_ZONE).

Idempotent: a task that already exists (by name) is left as the admin has set it.
"""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

SCHEDULES = [
    {
        "name": "Выгрузка в РМЦ за прошлый месяц",
        "task": "monitoring.tasks.export_previous_month_to_rmc",
        "crontab": {"minute": "0", "hour": "6", "day_of_month": "5"},
        "description": "Формирует выгрузку в РМЦ за прошлый месяц и отправляет её на адреса "
        "РМЦ из настроек сайта. За один период выгрузка формируется один раз.",
    },
    {
        "name": "Напоминания о сроке мониторинга",
        "task": "monitoring.tasks.send_deadline_reminders_task",
        "crontab": {"minute": "0", "hour": "7", "day_of_month": "*"},
        "description": "Пишет организациям, не отправившим данные мониторинга, за столько "
        "дней до срока, сколько указано в настройках сайта.",
    },
]


def create_schedules(apps, schema_editor):
    db = schema_editor.connection.alias
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    created = False
    for schedule in SCHEDULES:
        if PeriodicTask.objects.using(db).filter(name=schedule["name"]).exists():
            continue
        fields = {
            "day_of_week": "*",
            "month_of_year": "*",
            "timezone": settings.TIME_ZONE,
            **schedule["crontab"],
        }
        crontab = CrontabSchedule.objects.using(db).filter(**fields).first()
        if crontab is None:
            crontab = CrontabSchedule.objects.using(db).create(**fields)
        PeriodicTask.objects.using(db).get_or_create(
            name=schedule["name"],
            defaults={
                "task": schedule["task"],
                "crontab": crontab,
                "description": schedule["description"],
                "enabled": True,
            },
        )
        created = True
    if created:
        # The beat scheduler reloads its schedule when this timestamp moves; the ORM
        # signals that usually move it do not fire for migration models.
        PeriodicTasks.objects.using(db).update_or_create(
            ident=1, defaults={"last_update": timezone.now()}
        )


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.using(schema_editor.connection.alias).filter(
        name__in=[schedule["name"] for schedule in SCHEDULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0003_submission_permissions"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]

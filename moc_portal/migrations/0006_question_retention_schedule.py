"""The daily schedule that erases personal data past its retention period (152-ФЗ).

«Удаление персональных данных по истечении срока»: every day at 03:30 (settings.TIME_ZONE);
editable in the admin afterwards. Idempotent: an existing task (by name) is left alone.
"""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

NAME = "Удаление персональных данных по истечении срока"
TASK = "moc_portal.tasks.erase_expired_personal_data"
DESCRIPTION = (
    "Удаляет имя, e-mail, телефон и ответ в вопросах, закрытых раньше срока хранения "
    "персональных данных из настроек сайта (текст вопроса остаётся для статистики), и "
    "контакты авторов практик, рассмотренных раньше этого срока."
)


def create_schedule(apps, schema_editor):
    db = schema_editor.connection.alias
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.using(db).filter(name=NAME).exists():
        return
    fields = {
        "minute": "30",
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
    # The beat scheduler reloads when this timestamp moves; migration models send no signals.
    PeriodicTasks.objects.using(db).update_or_create(
        ident=1, defaults={"last_update": timezone.now()}
    )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.using(schema_editor.connection.alias).filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("moc_portal", "0005_question"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]

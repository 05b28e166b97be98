"""Open data (issue 22): «Публикация открытых данных» every day at 03:40 (settings.TIME_ZONE),
editable in the admin. Idempotent: an existing task (by name) is left alone."""

from django.db import migrations

from moc_portal.core.beat_migrations import crontab_task

NAME = "Публикация открытых данных"
TASK = "moc_portal.tasks.publish_open_data"
DESCRIPTION = (
    "Новая датированная версия каждого набора открытых данных (/opendata/), данные которого "
    "изменились со времени последней версии; не чаще раза в день."
)


class Migration(migrations.Migration):
    dependencies = [
        ("moc_portal", "0012_open_data_versions_and_responsible"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [crontab_task(NAME, TASK, DESCRIPTION, minute="40", hour="3")]

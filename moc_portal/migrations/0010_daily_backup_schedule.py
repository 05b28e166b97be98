"""The daily backup (issue 23): «Резервное копирование» every day at 02:15 (settings.TIME_ZONE),
editable in the admin. Idempotent: an existing task (by name) is left alone."""

from django.db import migrations

from moc_portal.core.beat_migrations import crontab_task

NAME = "Резервное копирование"
TASK = "moc_portal.tasks.backup_daily"
DESCRIPTION = (
    "Копия базы данных и загруженных файлов в BACKUP_ROOT; хранятся 7 последних ежедневных и "
    "по одной за 4 предыдущие недели. Копируйте их за пределы сервера (README)."
)


class Migration(migrations.Migration):
    dependencies = [
        ("moc_portal", "0009_outbox_delivery_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [crontab_task(NAME, TASK, DESCRIPTION, minute="15", hour="2")]

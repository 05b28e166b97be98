"""The hourly schedule «Письма об открытии записи»: tells the parents waiting for a program
that its enrolment opened and erases the addresses no longer needed (the window closed, the
retention period passed, unconfirmed for a week). Editable in the admin afterwards.
Idempotent: an existing task (by name) is left alone."""

from django.db import migrations

from moc_portal.core.beat_migrations import crontab_task

NAME = "Письма об открытии записи"
TASK = "programs.tasks.enrolment_watches_task"
DESCRIPTION = (
    "Раз в час: пишет родителям, подписавшимся на программу, что запись открылась (одно "
    "письмо), и удаляет адреса после окончания записи или по истечении срока хранения."
)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0015_places_total_from_free_places"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [crontab_task(NAME, TASK, DESCRIPTION, minute="7")]

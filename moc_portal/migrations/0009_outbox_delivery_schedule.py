"""The schedule that delivers the outbox: «Отправка исходящих писем» every minute.

Each run expires after 50 s, so while the worker is away the beat does not pile up runs.
Idempotent: an existing task (by name) is left alone.
"""

from django.db import migrations

from moc_portal.core.beat_migrations import interval_task

NAME = "Отправка исходящих писем"
TASK = "moc_portal.tasks.deliver_mail"
DESCRIPTION = (
    "Каждую минуту отправляет письма из «Исходящих писем», срок которых наступил; неудачные "
    "попытки повторяются через 1, 2, 4 … минут (не реже раза в 6 часов)."
)


class Migration(migrations.Migration):
    dependencies = [
        ("moc_portal", "0008_outgoing_mail"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [interval_task(NAME, TASK, DESCRIPTION, every=1, period="minutes", expire_seconds=50)]

"""The daily schedule that erases personal data past its retention period (152-ФЗ).

«Удаление персональных данных по истечении срока»: every day at 03:30 (settings.TIME_ZONE);
editable in the admin afterwards. Idempotent: an existing task (by name) is left alone.
"""

from django.db import migrations

from moc_portal.core.beat_migrations import crontab_task

NAME = "Удаление персональных данных по истечении срока"
TASK = "moc_portal.tasks.erase_expired_personal_data"
DESCRIPTION = (
    "Удаляет имя, e-mail, телефон и ответ в вопросах, закрытых раньше срока хранения "
    "персональных данных из настроек сайта (текст вопроса остаётся для статистики), и "
    "контакты авторов практик, рассмотренных раньше этого срока."
)


class Migration(migrations.Migration):
    dependencies = [
        ("moc_portal", "0005_question"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [crontab_task(NAME, TASK, DESCRIPTION, minute="30", hour="3")]

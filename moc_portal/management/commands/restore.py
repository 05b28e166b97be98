"""`python manage.py restore DIR`: a backup onto a new, empty database (checksums first)."""

from django.core.management.base import BaseCommand, CommandError

from moc_portal import backups


class Command(BaseCommand):
    help = "Восстанавливает резервную копию в пустую базу данных и MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="папка копии (с manifest.json)")

    def handle(self, *args, folder, **options):
        try:
            manifest = backups.restore_backup(folder)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Восстановлено из {folder} (создана {manifest['created']}, версия кода "
            f"{manifest['code_version']}). Затем: manage.py migrate, если код новее."
        )

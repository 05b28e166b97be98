"""`python manage.py backup --out DIR`: the database and the media files into a new folder."""

from django.core.management.base import BaseCommand, CommandError

from moc_portal import backups


class Command(BaseCommand):
    help = "Резервная копия: база данных, загруженные файлы и опись с контрольными суммами."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="новая (или пустая) папка для копии")

    def handle(self, *args, out, **options):
        try:
            manifest = backups.create_backup(out)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Копия в {out}: база ({manifest['engine']}), файлов — {len(manifest['files'])}, "
            f"версия кода {manifest['code_version']}."
        )

"""`python manage.py import_programs FILE [--dry-run]`: the admin's import from the command line."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from programs.services.import_files import MAX_UPLOAD_BYTES
from programs.services.imports import import_organizations, import_programs


class Command(BaseCommand):
    help = (
        "Загружает программы (или, с --organizations, организации) из файла XLSX или CSV. "
        "Если в файле есть хоть одна ошибка, ничего не сохраняется; ошибки выводятся "
        "с номером строки и колонкой."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="файл XLSX или CSV (UTF-8 или Windows-1251)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="только проверить и показать, что изменится, ничего не сохраняя",
        )
        parser.add_argument(
            "--organizations", action="store_true", help="загружать организации, а не программы"
        )
        parser.add_argument(
            "--user",
            help="логин сотрудника, от имени которого идёт загрузка "
            "(представитель организации может загружать только в свою организацию)",
        )

    def handle(self, *args, file, dry_run, organizations, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Файл не найден: {file}")
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise CommandError(
                f"Файл больше {MAX_UPLOAD_BYTES // 1024 // 1024} МБ: разделите его на части."
            )
        staff = self._user(user) if user else None
        run = import_organizations if organizations else import_programs
        result = run(path, user=staff, dry_run=dry_run, filename=path.name)
        for error in result.errors:
            where = f"строка {error.row}" if error.row else "файл"
            column = f", колонка «{error.column}»" if error.column else ""
            self.stderr.write(f"{where}{column}: {error.message}")
        if result.unknown_headers:
            self.stdout.write(
                "Не узнаны и не загружены колонки: " + ", ".join(result.unknown_headers) + "."
            )
        if not result.ok:
            raise CommandError(f"Ошибок: {len(result.errors)}. Ничего не сохранено.")
        summary = result.summary()
        if dry_run:
            summary += " Проверка без сохранения (--dry-run)."
        self.stdout.write(self.style.SUCCESS(summary))

    def _user(self, login):
        try:
            return get_user_model().objects.get(username=login)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Нет пользователя {login}.") from None

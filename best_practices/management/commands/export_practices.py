"""`python manage.py export_practices --since 2026-01-01 --out FILE.xlsx`: the РМЦ file."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from best_practices.services import transfer
from moc_portal.core.commands import write_output
from moc_portal.core.text import plural


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"Неверная дата «{value}»: укажите ГГГГ-ММ-ДД, например 2026-01-01."
        ) from None


class Command(BaseCommand):
    help = (
        "Выгружает для РМЦ опубликованные практики (XLSX — тот же файл, что действие "
        "«Передать в РМЦ» в администрировании) и отмечает их переданными."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            required=True,
            help="опубликованные с этой даты включительно: ГГГГ-ММ-ДД",
        )
        parser.add_argument(
            "--out", type=Path, help="куда сохранить файл (по умолчанию luchshie-praktiki-….xlsx)"
        )
        parser.add_argument(
            "--no-mark",
            action="store_true",
            help="только сохранить файл, не отмечая практики переданными в РМЦ",
        )

    def handle(self, *args, since, out, no_mark, **options):
        practices = transfer.published_since(_date(since))
        out = out or Path(transfer.transfer_file_name())
        if no_mark:
            content, count = transfer.build_transfer_file(practices), practices.count()
        else:
            try:
                content, count = transfer.transfer_to_rmc(practices)
            except transfer.TransferError as error:
                raise CommandError(str(error)) from None
        write_output(out, content)
        found = plural(count, "практика", "практики", "практик")
        marked = "" if no_mark else ", отмечены переданными в РМЦ"
        self.stdout.write(self.style.SUCCESS(f"{found} сохранено в {out}{marked}."))

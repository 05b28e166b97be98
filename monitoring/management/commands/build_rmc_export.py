"""`python manage.py build_rmc_export --period 2026-10 [--send] [--force]`: the export to the РМЦ.

The same services as the scheduled task and the admin's buttons, run here and now.
"""

from smtplib import SMTPException

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from monitoring.models import RmcExport
from monitoring.services import rmc


class Command(BaseCommand):
    help = (
        "Формирует выгрузку в РМЦ за период (одна на период) и, с --send, отправляет её "
        "на адреса РМЦ из настроек сайта."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--period", required=True, help="отчётный период: ГГГГ-ММ, например 2026-10"
        )
        parser.add_argument(
            "--send", action="store_true", help="отправить выгрузку в РМЦ по e-mail"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="сформировать заново (и с --send отправить ещё раз), даже если уже сделано",
        )

    def handle(self, *args, period, send, force, **options):
        try:
            found = rmc.period_from_code(period)
        except rmc.RmcExportError as error:
            raise CommandError(str(error)) from None
        name = found.name
        built_before = RmcExport.objects.filter(period=found).exclude(checksum="").exists()
        try:
            export = rmc.export_period(found, force=force)
        except rmc.RmcExportError as error:
            raise CommandError(str(error)) from None
        rebuilt = force or not built_before
        built_at = timezone.localtime(export.built_at)
        self.stdout.write(
            f"Выгрузка за {name} {'сформирована' if rebuilt else 'уже была сформирована'} "
            f"{built_at:%d.%m.%Y %H:%M}: {export.file.name}, SHA-256 {export.checksum}."
        )
        if not send:
            return
        if export.status == RmcExport.Status.SENT and not force:
            self.stdout.write(
                f"Уже отправлена {timezone.localtime(export.sent_at):%d.%m.%Y %H:%M}."
            )
            return
        try:
            export = rmc.send_export(export, force=force)
        except (rmc.RmcExportError, SMTPException, OSError) as error:
            raise CommandError(f"Выгрузка не отправлена: {error}") from None
        self.stdout.write(
            self.style.SUCCESS(f"Отправлена (в «Исходящих письмах»): {export.recipients}.")
        )

"""`python manage.py build_report --period 2026-10 --out otchet.xlsx`: the monthly report."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from moc_portal.core.commands import write_output
from moc_portal.core.text import size_ru
from monitoring.selectors.periods import no_period_message, period_by_code
from monitoring.services.reports import build_monthly_report, report_filename


class Command(BaseCommand):
    help = "Формирует отчёт за месяц (XLSX) — тот же, что кнопка «Скачать отчёт за месяц»."

    def add_arguments(self, parser):
        parser.add_argument(
            "--period", required=True, help="отчётный период: ГГГГ-ММ, например 2026-10"
        )
        parser.add_argument(
            "--out", type=Path, help="куда сохранить файл (по умолчанию otchet-ГГГГ-ММ.xlsx)"
        )

    def handle(self, *args, period, out, **options):
        try:
            found = period_by_code(period)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if found is None:
            raise CommandError(no_period_message(period))
        out = out or Path(report_filename(found))
        content = build_monthly_report(found)
        write_output(out, content)
        self.stdout.write(
            self.style.SUCCESS(
                f"Отчёт за {found.name} г. сохранён в {out} ({size_ru(len(content))})."
            )
        )

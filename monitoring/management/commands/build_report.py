"""`python manage.py build_report --period 2026-10 --out otchet.xlsx`: the monthly report."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from moc_portal.core.text import MONTHS_NOMINATIVE
from monitoring.models import ReportingPeriod
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
            year, month = ReportingPeriod.parse_code(period)
        except ValueError:
            raise CommandError(
                f"Неверный период «{period}»: укажите год и месяц, например 2026-10."
            ) from None
        found = ReportingPeriod.objects.filter(year=year, month=month).first()
        if found is None:
            raise CommandError(f"Отчётного периода {period} нет в базе.")
        out = out or Path(report_filename(found))
        content = build_monthly_report(found)
        try:
            out.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Не удалось записать {out}: {error.strerror}.") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Отчёт за {MONTHS_NOMINATIVE[month]} {year} г. сохранён в {out} "
                f"({len(content) // 1024} КБ)."
            )
        )

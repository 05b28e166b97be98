"""`python manage.py build_report --period 2026-10 --out otchet.xlsx`: the monthly report."""

from django.core.management.base import CommandError

from moc_portal.core.commands import PeriodFileCommand
from monitoring.selectors.periods import no_period_message, period_by_code
from monitoring.services.reports import build_monthly_report, report_filename


class Command(PeriodFileCommand):
    help = "Формирует отчёт за месяц (XLSX) — тот же, что кнопка «Скачать отчёт за месяц»."
    period_help = "отчётный период: ГГГГ-ММ, например 2026-10"
    out_help = "куда сохранить файл (по умолчанию otchet-ГГГГ-ММ.xlsx)"

    def find(self, code):
        try:
            found = period_by_code(code)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if found is None:
            raise CommandError(no_period_message(code))
        return found

    build = staticmethod(build_monthly_report)
    filename = staticmethod(report_filename)

    def saved(self, period):
        return f"Отчёт за {period.name} г."

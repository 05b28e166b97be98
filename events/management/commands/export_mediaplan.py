"""`python manage.py export_mediaplan --period 2026-11 --out FILE.xlsx` (or `--period 2026-Q4`):
the media plan as the РМЦ receives it — the same file as the admin's «Скачать Excel»."""

from django.core.management.base import CommandError

from events.models import MediaPlan
from events.services.mediaplan import build_mediaplan_xlsx, mediaplan_filename, plan_for_period
from moc_portal.core.commands import PeriodFileCommand
from moc_portal.core.text import plural


class Command(PeriodFileCommand):
    help = "Выгружает медиаплан за месяц или квартал в XLSX для РМЦ."
    period_help = "месяц ГГГГ-ММ (2026-11) или квартал ГГГГ-QN (2026-Q4)"
    out_help = "куда сохранить файл (по умолчанию mediaplan-<период>.xlsx)"

    def find(self, code):
        try:
            return plan_for_period(code)
        except ValueError as error:
            raise CommandError(str(error)) from None
        except MediaPlan.DoesNotExist:
            raise CommandError(f"Медиаплана за период {code} нет в базе.") from None

    build = staticmethod(build_mediaplan_xlsx)
    filename = staticmethod(mediaplan_filename)

    def saved(self, plan):
        return f"{plan} ({plural(plan.rows.count(), 'строка', 'строки', 'строк')})"

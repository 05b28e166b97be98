"""`python manage.py export_mediaplan --period 2026-11 --out FILE.xlsx` (or `--period 2026-Q4`):
the media plan as the РМЦ receives it — the same file as the admin's «Скачать Excel»."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.models import MediaPlan
from events.services.mediaplan import build_mediaplan_xlsx, mediaplan_filename, plan_for_period
from moc_portal.core.commands import write_output
from moc_portal.core.text import plural, size_ru


class Command(BaseCommand):
    help = "Выгружает медиаплан за месяц или квартал в XLSX для РМЦ."

    def add_arguments(self, parser):
        parser.add_argument(
            "--period", required=True, help="месяц ГГГГ-ММ (2026-11) или квартал ГГГГ-QN (2026-Q4)"
        )
        parser.add_argument(
            "--out", type=Path, help="куда сохранить файл (по умолчанию mediaplan-<период>.xlsx)"
        )

    def handle(self, *args, period, out, **options):
        try:
            plan = plan_for_period(period)
        except ValueError as error:
            raise CommandError(str(error)) from None
        except MediaPlan.DoesNotExist:
            raise CommandError(f"Медиаплана за период {period} нет в базе.") from None
        out = out or Path(mediaplan_filename(plan))
        content = build_mediaplan_xlsx(plan)
        write_output(out, content)
        rows = plural(plan.rows.count(), "строка", "строки", "строк")
        self.stdout.write(
            self.style.SUCCESS(f"{plan} ({rows}) сохранён в {out} ({size_ru(len(content))}).")
        )

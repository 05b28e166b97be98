"""What the export commands share: a period in, one file out, written where the person asked."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from .text import size_ru


def write_output(path, content):
    """Write `content` to `path`; a path that cannot be written is a Russian CommandError."""
    try:
        path.write_bytes(content)
    except OSError as error:
        raise CommandError(f"Не удалось записать {path}: {error.strerror}.") from None


class PeriodFileCommand(BaseCommand):
    """`--period CODE [--out FILE]`: find what the period names, build its file, write it
    (by default under the file's own name) and say what was saved where and how big.

    A subclass gives the help texts and four steps: `find(code)` (a CommandError when the
    code is wrong or names nothing stored), `build(found) -> bytes`, `filename(found)` and
    `saved(found)`, the subject of «… сохранён в FILE (size)»."""

    period_help = ""
    out_help = ""

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help=self.period_help)
        parser.add_argument("--out", type=Path, help=self.out_help)

    def handle(self, *args, period, out, **options):
        found = self.find(period)
        out = out or Path(self.filename(found))
        content = self.build(found)
        write_output(out, content)
        self.stdout.write(
            self.style.SUCCESS(f"{self.saved(found)} сохранён в {out} ({size_ru(len(content))}).")
        )

    def find(self, code):
        raise NotImplementedError

    def build(self, found):
        raise NotImplementedError

    def filename(self, found):
        raise NotImplementedError

    def saved(self, found):
        raise NotImplementedError

"""Time the program import of a 10,000-row spreadsheet: preview, create, re-import, update.

Usage (PostgreSQL is what the target is set for: 10,000 rows in under 30 seconds):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/moc_import python bench/import_programs.py
        [--rows 10000] [--compare 1000] [--organizations 300] [--format xlsx|csv] [--keep]

With `--compare N` the same four steps run first for N rows, then for `--rows`, in one run
on the same database, and the ratio of each step's time is printed: 10 times the rows should
cost about 10 times the time (the import is linear), not 100.

It migrates the database, makes sure there are `--organizations` organizations whose
short names start with «Бенч», deletes their programs, writes a file of `--rows` programs
(Russian headers, names of directions and levels, a schedule) and imports it four times:
a dry run (the admin's preview), the real import (all new), the same file again (all
skipped), and the file with every age range changed (all updated). Without `--keep` the
bench organizations and programs are deleted at the end.
"""

import argparse
import os
import random
import time
from pathlib import Path

from django_setup import setup_django  # bench/ is on the path of its scripts
from results import record_results

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE = ROOT / "bench" / "results" / "import.sqlite3"
PREFIX = "Бенч"


def ensure_organizations(count):
    from programs.models import Organization, Program

    existing = list(Organization.objects.filter(short_name__startswith=PREFIX))
    Program.objects.filter(organization__in=existing).delete()
    missing = [
        Organization(
            slug=f"bench-{number}",
            short_name=f"{PREFIX} ДДТ № {number}",
            full_name=f"Бенчмарк: Дом детского творчества № {number}",
            kind=Organization.Kind.SUPPLEMENTARY,
        )
        for number in range(len(existing) + 1, count + 1)
    ]
    Organization.objects.bulk_create(missing)
    return [o.short_name for o in Organization.objects.filter(short_name__startswith=PREFIX)]


def program_rows(organizations, count, rng, age_shift=0):
    from programs.models import Direction, Level

    directions = [d.name for d in Direction.objects.all()]
    levels = [level.name for level in Level.objects.all()]
    yield [
        "ID в Навигаторе",
        "Название",
        "Организация",
        "Направленность",
        "Уровень",
        "Возраст от",
        "Возраст до",
        "Оплата",
        "Стоимость",
        "Форма обучения",
        "ОВЗ",
        "Сетевая форма",
        "Аннотация",
        "Педагог",
        "Адрес",
        "Расписание",
    ]
    for number in range(1, count + 1):
        age_min = rng.randint(5, 12)
        paid = rng.random() < 0.2
        yield [
            f"b{number}",
            f"Программа {number}: {rng.choice(['Робототехника', 'Вокал', 'Шахматы', 'Экология'])}",
            organizations[number % len(organizations)],
            rng.choice(directions),
            "; ".join(rng.sample(levels, rng.randint(1, 2))),
            age_min,
            age_min + rng.randint(2, 6) + age_shift,
            "платно" if paid else rng.choice(["бесплатно", "по сертификату"]),
            rng.choice([1200, 1500, 2000]) if paid else "",
            rng.choice(["очная", "очно-заочная"]),
            rng.choice(["да", "нет"]),
            "нет",
            "Занятия для детей, которые любят узнавать новое. " * 3,
            "Иванова Мария Петровна",
            "ул. Советская, 1",
            "Вт, Чт 15:00–16:30 (Группа 1)",
        ]


def build_file(rows, file_format):
    from programs.services.export_rows import rows_to_csv, rows_to_xlsx

    return rows_to_xlsx(rows, "Программы") if file_format == "xlsx" else rows_to_csv(rows)


def timed(label, function):
    started, cpu_started = time.perf_counter(), time.process_time()
    result = function()
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    counts = result.counts
    status = "ok" if result.ok else f"{len(result.errors)} errors: {result.errors[:3]}"
    print(
        f"{label:<28} {seconds:6.2f} s (Python CPU {cpu:5.2f} s)  new {counts['new']:>5}  "
        f"updated {counts['update']:>5}"
        f"  skipped {counts['skip']:>6}  {status}"
    )
    return seconds, cpu


STEPS = ("preview (dry run), new", "import, all new", "same file again", "every row changed")


def run(rows, organizations, file_format):
    """The four steps for a file of `rows` programs; {step: seconds}."""
    from programs.models import Program
    from programs.services.imports import import_programs

    Program.objects.filter(organization__short_name__in=organizations).delete()
    started = time.perf_counter()
    content = build_file(program_rows(organizations, rows, random.Random(1)), file_format)
    changed = build_file(program_rows(organizations, rows, random.Random(1), 1), file_format)
    print(
        f"file: {rows} rows, {file_format}, {len(content) / 1024 / 1024:.1f} MB "
        f"(written in {time.perf_counter() - started:.1f} s, not counted)"
    )
    filename = f"bench.{file_format}"
    files = (content, content, content, changed)
    timings = {}
    for step, data in zip(STEPS, files, strict=True):
        dry_run = step.startswith("preview")
        timings[step] = timed(
            f"{rows}: {step}",
            lambda data=data, dry_run=dry_run: import_programs(
                data, dry_run=dry_run, filename=filename
            ),
        )
    return timings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--compare", type=int, default=0, help="also run N rows; print ratios")
    parser.add_argument("--organizations", type=int, default=300)
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    parser.add_argument("--keep", action="store_true", help="leave the bench data in the database")
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        DEFAULT_DATABASE.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_DATABASE}"
    setup_django()

    from django.core.management import call_command
    from django.db import connection

    from programs.models import Organization, Program

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    organizations = ensure_organizations(args.organizations)
    small = run(args.compare, organizations, args.format) if args.compare else None
    timings = run(args.rows, organizations, args.format)
    slowest = max(wall for wall, _ in timings.values())
    print(f"slowest: {slowest:.2f} s for {args.rows} rows (target: under 30 s on PostgreSQL)")
    record_results(
        import_rows=args.rows,
        import_seconds=timings["import, all new"][0],
        import_slowest_seconds=slowest,
    )
    if small:
        # Wall time on a shared machine follows its load; the process's CPU time less so.
        print(f"ratio {args.rows} rows / {args.compare} rows (rows x{args.rows / args.compare:g}):")
        print(f"  {'step':<26} {'wall':>5} {'CPU':>5}")
        for step in [*STEPS, "all four steps"]:
            big = timings.values() if step not in timings else [timings[step]]
            few = small.values() if step not in small else [small[step]]
            wall = sum(w for w, _ in big) / sum(w for w, _ in few)
            cpu = sum(c for _, c in big) / sum(c for _, c in few)
            print(f"  {step:<26} {wall:5.1f} {cpu:5.1f}")
    print("load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    if not args.keep:
        bench = Organization.objects.filter(short_name__startswith=PREFIX)
        Program.objects.filter(organization__in=bench).delete()
        bench.delete()


if __name__ == "__main__":
    main()

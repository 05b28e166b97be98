"""The monthly report at scale: 300 organizations × 40 entered indicators × 12 months.

Usage:
    SECRET_KEY=x .venv/bin/python bench/monthly_report.py [--organizations 300] [--runs 5]

Database: without DATABASE_URL the bench creates a throwaway SQLite file,
/tmp/bench-monthly-report.sqlite3 (deleted first, so the dev database is never touched).
With DATABASE_URL set it uses that database, which must be a scratch one: it is migrated
and filled, and the bench refuses to run if it already holds organizations, e.g.
    createdb -h 127.0.0.1 -U postgres moc_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/moc_bench SECRET_KEY=x \\
        .venv/bin/python bench/monthly_report.py

Set-up is not measured. The measurements run in a fresh child process, so that its peak
RSS is that of a process that loaded Django and built the report (as a Celery worker
does), not of the set-up's bulk inserts. It prints, for the October report:
- wall time (time.perf_counter): the first (cold) build and the median of --runs builds,
  and the share spent writing the workbook after the data was collected;
- memory: tracemalloc's peak during one build (Python allocations of the build alone)
  and the child process's peak RSS (VmHWM from /proc/self/status, whole process);
- the same for openpyxl's write-only mode writing the same cells (the report read back:
  same sheets, rows and columns, plain values, no styles) and the ratios.
Targets: under 5 s, under 250 MB, ratio to plain openpyxl ≤ 2.
"""

import argparse
import datetime
import os
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from django_setup import setup_django  # bench/ is on the path of its scripts
from results import record_results

DEFAULT_DATABASE = Path("/tmp/bench-monthly-report.sqlite3")
INDICATORS = 40
YEAR, MONTH = 2026, 10
EXTRA_BY_DIRECTION = 4  # extra indicators broken down by direction (children_total is one)


# --- Set-up ------------------------------------------------------------------------------


def fill(organization_count):
    """Organizations, 40 entered indicators with targets, 12 periods of submitted values."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from moc_portal.core.months import Month
    from monitoring.models import Indicator, MunicipalFigure, Submission, Target, Value
    from monitoring.services.periods import period_for
    from programs.models import Direction, Organization

    call_command("migrate", verbosity=0)
    if Organization.objects.exists():
        raise SystemExit("The database already holds organizations: give the bench a scratch one.")
    random.seed(2026)
    with transaction.atomic():
        entered = list(Indicator.objects.entered())
        extra = INDICATORS - len(entered)
        Indicator.objects.bulk_create(
            Indicator(
                code=f"bench_{n}",
                name=f"Показатель для замера № {n}: число участников проекта",
                unit="чел.",
                group="Замер",
                order=100 + n,
                by_direction=n <= EXTRA_BY_DIRECTION,
                is_required=False,
            )
            for n in range(1, extra + 1)
        )
        indicators = list(Indicator.objects.entered())
        assert len(indicators) == INDICATORS
        Target.objects.bulk_create(
            Target(
                indicator=indicator, year=YEAR, value=random.randint(50, 100) * organization_count
            )
            for indicator in indicators
        )
        Target.objects.create(
            indicator=Indicator.objects.get(code="coverage_total"), year=YEAR, value=80
        )
        MunicipalFigure.objects.create(
            indicator=Indicator.objects.get(code="children_population"),
            year=YEAR,
            value=400 * organization_count,
        )
        Organization.objects.bulk_create(
            Organization(
                slug=f"bench-{n}",
                full_name=f"Муниципальное бюджетное учреждение дополнительного образования № {n}",
                short_name=f"МБУ ДО «Центр творчества» № {n:03d}",
                kind=Organization.Kind.SUPPLEMENTARY,
                phone=f"+7 (48237) 2-{n:02d}-00",
                email=f"org{n}@example.ru",
                head_name="Иванова Мария Петровна",
            )
            for n in range(1, organization_count + 1)
        )
        organizations = list(Organization.objects.all())
        directions = list(Direction.objects.all())
        for month in range(1, 13):
            period = period_for(Month(YEAR, month))
            Submission.objects.bulk_create(
                Submission(organization=organization, period=period, status=status)
                for index, organization in enumerate(organizations)
                if (status := status_of(month, index))
            )
            Value.objects.bulk_create(
                values(Submission.objects.filter(period=period), indicators, directions),
                batch_size=5000,
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum would do after a bulk load
            cursor.execute("ANALYZE")


def status_of(month, index):
    """Everyone sent before October; in October one in ten did not: a draft, a return or
    nothing at all (None)."""
    if month != MONTH or index % 10:
        return ["submitted", "accepted"][index % 2]
    return [None, "draft", "returned"][index // 10 % 3]


def values(submissions, indicators, directions):
    from monitoring.models import Value

    for submission in submissions:
        for indicator in indicators:
            total = Decimal(random.randint(0, 600))
            yield Value(submission=submission, indicator=indicator, value=total)
            if indicator.by_direction:
                for direction in directions:
                    yield Value(
                        submission=submission,
                        indicator=indicator,
                        direction=direction,
                        value=Decimal(random.randint(0, 100)),
                    )


# --- Measuring ---------------------------------------------------------------------------


class Runs:
    """Wall and CPU seconds of repeated runs; medians, since the machines here are noisy."""

    def __init__(self):
        self.wall, self.cpu = [], []

    def run(self, function):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        self.wall.append(time.perf_counter() - wall)
        self.cpu.append(time.process_time() - cpu)
        return result

    @property
    def median_wall(self):
        return statistics.median(self.wall)

    @property
    def median_cpu(self):
        return statistics.median(self.cpu)


def traced_peak(function):
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def max_rss_bytes():
    """This process's peak RSS since its exec. Not getrusage's ru_maxrss: Linux carries over the
    high-water mark of the parent at fork, so a child started after the set-up would report the
    set-up's memory (324 MB against 94 MB of its own, seen on 2026-12-03)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # not Linux: best effort


def read_back(content):
    """The report's cells as plain values: [(sheet title, [row values…])…]."""
    from openpyxl import load_workbook

    book = load_workbook(BytesIO(content), read_only=True)
    return [(ws.title, [list(row) for row in ws.iter_rows(values_only=True)]) for ws in book]


def plain_openpyxl(sheets):
    """The same cells written by openpyxl's write-only mode: plain values, no styles."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        worksheet = workbook.create_sheet(title)
        for row in rows:
            worksheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def measure(runs):
    from monitoring.models import ReportingPeriod
    from monitoring.services.reports import build_monthly_report

    period = ReportingPeriod.objects.get(year=YEAR, month=MONTH)
    collecting, writing = [], []

    def build():
        marks = {"start": time.perf_counter()}
        content = build_monthly_report(
            period, progress=lambda percent: marks.setdefault(percent, time.perf_counter())
        )
        collecting.append(marks[30] - marks["start"])  # 30: data collected, writing starts
        writing.append(time.perf_counter() - marks[30])
        return content

    cold = Runs()
    content = cold.run(build)
    sheets = read_back(content)
    plain_openpyxl(sheets)  # warm up the baseline too
    report, plain = Runs(), Runs()
    for _ in range(runs):  # interleaved, so that a busy moment hits both
        report.run(build)
        plain.run(lambda: plain_openpyxl(sheets))
    report_rss = max_rss_bytes()
    report_peak = traced_peak(build)
    plain_peak = traced_peak(lambda: plain_openpyxl(sheets))

    cells = sum(1 for _, rows in sheets for row in rows for value in row if value is not None)
    shape = ", ".join(f"{title} {len(rows)}×{max(map(len, rows))}" for title, rows in sheets)
    mb = 1024 * 1024
    print(f"October {YEAR} report: {len(content) / 1024:.0f} KB, {cells} cells ({shape})")
    print(f"{'':40}{'report':>10}{'openpyxl':>10}{'ratio':>8}")
    lines = [
        ("wall time, first (cold) build, s", cold.wall[0], None),
        (f"wall time, median of {runs}, s", report.median_wall, plain.median_wall),
        (f"CPU time, median of {runs}, s", report.median_cpu, plain.median_cpu),
        ("  wall: collecting the data, s", statistics.median(collecting[1 : runs + 1]), None),
        (
            "  wall: writing the workbook, s",
            statistics.median(writing[1 : runs + 1]),
            plain.median_wall,
        ),
        ("tracemalloc peak of one build, MB", report_peak / mb, plain_peak / mb),
        ("peak RSS of this process, MB", report_rss / mb, None),
    ]
    record_results(
        report_seconds=report.median_wall,
        report_cold_seconds=cold.wall[0],
        report_ratio=report.median_wall / plain.median_wall,
        report_peak_rss_mb=report_rss / mb,
    )
    for label, ours, theirs in lines:
        theirs_text = f"{theirs:10.3f}" if theirs is not None else " " * 10
        ratio = f"{ours / theirs:8.2f}" if theirs else ""
        print(f"{label:40}{ours:10.3f}{theirs_text}{ratio}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--organizations", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        DEFAULT_DATABASE.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_DATABASE}"
    setup_django()
    if args.measure:
        measure(args.runs)
        return
    print(f"database: {os.environ['DATABASE_URL']}")
    started = time.perf_counter()
    fill(args.organizations)
    print(f"set-up: {args.organizations} organizations, {time.perf_counter() - started:.1f} s")
    print(f"started {datetime.datetime.now():%Y-%m-%d %H:%M}, Python {sys.version.split()[0]}")
    subprocess.run(
        [sys.executable, __file__, "--measure", "--runs", str(args.runs)],
        check=True,
        env=os.environ.copy(),
    )


if __name__ == "__main__":
    main()

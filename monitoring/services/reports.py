"""The coordinators' monthly report: one XLSX built from the period's figures, kept on disk.

Sheets:
- «Сводка»: every active indicator with its value, the year's target, the gap
  (value − target) and the trend, one column per month of the year up to the period;
- «По организациям»: one row per organization (its report's status, then one column
  per indicator an organization has figures for), and the municipal figures at the end;
- «По направленностям»: indicators broken down by direction, with the total;
- «Не сдали»: organizations whose report was not sent, with their contacts.

Every sheet starts with the МОЦ's name and the period, and its header is frozen in view.
Percent indicators (unit "%") keep percentage points, as the portal shows them (75.00
means 75 %): the cells hold 75.00 and the number format adds the sign.

The data comes from `collect_period` and `yearly_trend`, a fixed number of queries
however many organizations report; rows are generated while the workbook is written.
"""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from moc_portal.core.months import Month
from moc_portal.core.spreadsheets import (
    DECIMAL_FORMAT,
    INTEGER_FORMAT,
    PERCENT_POINTS_FORMAT,
    Column,
    Formatted,
    Sheet,
    build_xlsx,
    fit_width,
)
from moc_portal.core.text import MONTHS_SHORT, capfirst, plural_form
from moc_portal.models import SiteSettings

from ..models import Indicator, MonthlyReport
from ..selectors.aggregation import (
    Coverage,
    collect_period,
    month_coverages,
    ratio,
    yearly_trend,
)
from ..statuses import status_label

PER_ORGANIZATION_SOURCES = (
    Indicator.Source.ENTERED,
    Indicator.Source.CATALOGUE,
    Indicator.Source.SURVEY,
)
VALUE_WIDTH = 14
MONTH_WIDTH = 10


def report_filename(period):
    return f"otchet-{period.code}.xlsx"


def build_monthly_report(period, progress=None):
    """The report for `period` as XLSX bytes; `progress(percent)` hears how far it got."""
    report_progress = progress or (lambda percent: None)
    figures = collect_period(period)
    report_progress(20)
    trend = yearly_trend(period.year, figures.indicators, period.month)
    coverages = month_coverages(period.year, period.month, len(figures.organizations))
    report_progress(30)
    heading = title_rows(SiteSettings.load().moc_name, figures)
    content = build_xlsx(
        [
            _reporting(summary_sheet(figures, trend, heading, coverages), report_progress, 40),
            _reporting(organizations_sheet(figures, heading), report_progress, 80),
            _reporting(directions_sheet(figures, heading), report_progress, 85),
            _reporting(missing_sheet(figures, heading), report_progress, 90),
        ]
    )
    report_progress(95)
    return content


def title_rows(moc_name, figures):
    period = figures.period
    total = len(figures.organizations)
    sent = total - len(figures.missing_organizations)
    organizations = plural_form(total, "организации", "организаций", "организаций")
    partial = (
        f"Данные неполные ({Coverage(sent, total).text}): суммы меньше, чем будут, когда сдадут "
        "все, — это не падение показателей; неполные месяцы отмечены в заголовках. "
        if sent < total
        else ""
    )
    return [
        moc_name,
        f"Ежемесячный мониторинг за {period.name} г.",
        f"Сдали отчёт {sent} из {total} {organizations}. {partial}"
        f"Сформирован {timezone.localtime():%d.%m.%Y %H:%M}.",
    ]


def number_format(indicator):
    if indicator.unit.strip() == "%":
        return PERCENT_POINTS_FORMAT
    if indicator.totals_are_whole:
        return INTEGER_FORMAT
    return DECIMAL_FORMAT


def indicator_header(indicator):
    return f"{indicator.name}, {indicator.unit}"


def month_title(month, coverage=None):
    """«Авг», or «Авг (неполный: 8 из 10)» for a month where not every organization has sent."""
    title = capfirst(MONTHS_SHORT[month])
    if coverage is not None and coverage.partial:
        return f"{title} (неполный: {coverage.sent} из {coverage.total})"
    return title


def summary_sheet(figures, trend, heading, coverages=None):
    period = figures.period
    indicators = figures.indicators
    months = range(1, period.month + 1)
    coverages = coverages or [None] * len(months)
    columns = [
        Column("Группа", fit_width([i.group for i in indicators], maximum=20)),
        Column("Показатель", fit_width([i.name for i in indicators], minimum=30, maximum=60)),
        Column("Ед. изм.", fit_width([i.unit for i in indicators], minimum=9, maximum=14)),
        Column("Значение", VALUE_WIDTH),
        Column(f"Цель на {period.year} год", VALUE_WIDTH),
        Column("Отклонение от цели", VALUE_WIDTH, wrap_header=True),
        *(
            Column(month_title(month, coverage), MONTH_WIDTH, wrap_header=True)
            for month, coverage in zip(months, coverages, strict=True)
        ),
    ]

    def rows():
        for indicator in indicators:
            value = figures.total(indicator.code)
            target = figures.targets.get(indicator.code)
            gap = None if value is None or target is None else value - target
            month_values = [
                monthly_value(indicator, trend.get(Month(period.year, month), {}), figures)
                for month in months
            ]
            fmt = number_format(indicator)
            yield [
                indicator.group,
                indicator.name,
                indicator.unit,
                *(
                    None if number is None else Formatted(number, fmt)
                    for number in (value, target, gap, *month_values)
                ),
            ]

    return Sheet("Сводка", columns, rows(), title_rows=heading, frozen_columns=2)


def monthly_value(indicator, month_figures, figures):
    """An indicator's municipal value in one month of the trend; None when not tracked.

    The trend holds entered indicators; a ratio is worked out from its parts, taking a
    yearly municipal denominator (children 5–18) from the period's figures. Yearly and
    catalogue figures themselves have no monthly series.
    """
    if indicator.aggregation == Indicator.Aggregation.RATIO:
        if not (indicator.numerator and indicator.denominator):
            return None
        return ratio(
            _part_value(indicator.numerator, month_figures, figures),
            _part_value(indicator.denominator, month_figures, figures),
            indicator.ratio_scale,
        )
    return month_figures.get(indicator.code)


def _part_value(indicator, month_figures, figures):
    if indicator.source == Indicator.Source.MUNICIPAL:
        return figures.total(indicator.code)
    return monthly_value(indicator, month_figures, figures)


def organizations_sheet(figures, heading):
    indicators = [i for i in figures.indicators if i.source in PER_ORGANIZATION_SOURCES]
    names = [organization.short_name for organization in figures.organizations]
    columns = [
        Column("Организация", fit_width(names, minimum=20, maximum=45)),
        Column("Статус отчёта", 14),
        *(
            Column(indicator_header(i), VALUE_WIDTH, number_format(i), wrap_header=True)
            for i in indicators
        ),
    ]
    keys = [(indicator.code, None) for indicator in indicators]

    def rows():
        for organization in figures.organizations:
            own = figures.by_organization.get(organization.id, {})
            yield [
                organization.short_name,
                status_label(figures.statuses.get(organization.id)),
                *(own.get(key) for key in keys),
            ]
        yield ["По муниципалитету", None, *(figures.totals.get(key) for key in keys)]

    return Sheet("По организациям", columns, rows(), title_rows=heading, frozen_columns=2)


def directions_sheet(figures, heading):
    indicators = [i for i in figures.indicators if i.by_direction]
    directions = figures.directions
    columns = [
        Column("Показатель", fit_width([i.name for i in indicators], minimum=30, maximum=60)),
        Column("Ед. изм.", 9),
        *(Column(direction.name, VALUE_WIDTH, wrap_header=True) for direction in directions),
        Column("Всего", VALUE_WIDTH),
    ]

    def rows():
        for indicator in indicators:
            fmt = number_format(indicator)
            values = [figures.total(indicator.code, d.code) for d in directions]
            values.append(figures.total(indicator.code))
            yield [
                indicator.name,
                indicator.unit,
                *(None if value is None else Formatted(value, fmt) for value in values),
            ]

    return Sheet("По направленностям", columns, rows(), title_rows=heading, frozen_columns=1)


def missing_sheet(figures, heading=()):
    """«Не сдали»: organizations whose figures were not sent, with their contacts (the monthly
    report and the РМЦ file share it)."""
    missing = figures.missing_organizations
    columns = [
        Column("Организация", fit_width([o.short_name for o in missing], minimum=20, maximum=45)),
        Column("Статус отчёта", 14),
        Column("Телефон", fit_width([o.phone for o in missing], minimum=12, maximum=30)),
        Column("E-mail", fit_width([o.email for o in missing], minimum=14, maximum=40)),
        Column("Руководитель", fit_width([o.head_name for o in missing], minimum=14, maximum=40)),
    ]
    rows = (
        [
            organization.short_name,
            status_label(figures.statuses.get(organization.id)),
            organization.phone,
            organization.email,
            organization.head_name,
        ]
        for organization in missing
    )
    return Sheet("Не сдали", columns, rows, title_rows=heading, frozen_columns=1)


def _reporting(sheet, progress, percent):
    """The same sheet, calling `progress(percent)` once its last row has been written."""

    def rows(original):
        yield from original
        progress(percent)

    sheet.rows = rows(sheet.rows)
    return sheet


def store_report(report_id, progress=None):
    """Build the report `report_id` names and keep its file; a finished report stays as it is.

    Status, progress and errors are saved as the work goes, for the page that polls it.
    `progress(percent)` is called as well (the task passes its state to Celery).
    Returns the report, or None when it was deleted before its turn came.
    """
    report = MonthlyReport.objects.select_related("period").filter(pk=report_id).first()
    if report is None or (report.status == MonthlyReport.Status.DONE and report.file):
        return report
    reports = MonthlyReport.objects.filter(pk=report_id)
    reports.update(status=MonthlyReport.Status.RUNNING, progress=0, error="")

    def save_progress(percent):
        reports.update(progress=percent)
        if progress:
            progress(percent)

    try:
        content = build_monthly_report(report.period, progress=save_progress)
    except Exception as error:
        reports.update(status=MonthlyReport.Status.FAILED, error=f"{type(error).__name__}: {error}")
        raise
    with transaction.atomic():
        report.file.save(report_filename(report.period), ContentFile(content), save=False)
        report.status = MonthlyReport.Status.DONE
        report.progress = 100
        report.error = ""
        report.finished_at = timezone.now()
        report.save(update_fields=["file", "status", "progress", "error", "finished_at"])
    if progress:
        progress(100)
    return report


# A report not handed to the workers this long after it was ordered is built by the schedule.
WAITING_REPORT_GRACE = datetime.timedelta(minutes=1)


def build_waiting_reports():
    """Build here the reports that could not be queued when they were ordered; their ids."""
    waiting = list(
        MonthlyReport.objects.filter(
            status=MonthlyReport.Status.PENDING,
            queued_at=None,
            requested_at__lte=timezone.now() - WAITING_REPORT_GRACE,
        ).values_list("pk", flat=True)
    )
    built = []
    for report_id in waiting:
        claimed = MonthlyReport.objects.filter(pk=report_id, queued_at=None).update(
            queued_at=timezone.now()
        )
        if claimed:
            store_report(report_id)
            built.append(report_id)
    return built

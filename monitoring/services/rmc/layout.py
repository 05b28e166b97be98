"""Our own layout of the РМЦ export, used while no РМЦ form is active.

Four sheets: «Показатели» (municipal totals, each breakdown by direction under its total,
the year's targets), «Не сдали» (organizations whose figures were not sent), «Не приняты»
(sent, counted, but not yet accepted by the МОЦ), «Сведения» (with the month's reporting and
on-time rates). Which reports count is `Submission.SENT_STATUSES`, stated once.
"""

from django.utils import timezone

from moc_portal.core.spreadsheets import (
    PERCENT_POINTS_FORMAT,
    Column,
    Formatted,
    Sheet,
    build_xlsx,
    excel_number,
)
from moc_portal.core.text import date_ru
from moc_portal.models import SiteSettings

from ...models import Submission
from ...selectors.timeliness import timeliness_grid
from ..reports import missing_sheet


def build_default_export(figures):
    """The XLSX file, as bytes, for a period's figures (aggregation.collect_period)."""
    return build_xlsx(
        [
            indicator_sheet(figures),
            missing_sheet(figures),
            not_accepted_sheet(figures),
            about_sheet(figures),
        ]
    )


def indicator_sheet(figures):
    period = figures.period
    columns = [
        Column("Группа", 16),
        Column("Код", 28),
        Column("Показатель", 60),
        Column("Направленность", 26),
        Column("Ед. изм.", 9),
        Column(f"Значение за {period.name}", 18),
        Column(f"Цель на {period.year} год", 16),
    ]
    return Sheet("Показатели", columns, _indicator_rows(figures))


def _indicator_rows(figures):
    for indicator in figures.indicators:
        yield [
            indicator.group,
            indicator.code,
            indicator.name,
            "Всего",
            indicator.unit,
            excel_number(figures.total(indicator.code)),
            excel_number(figures.targets.get(indicator.code)),
        ]
        if not indicator.by_direction:
            continue
        for direction in figures.directions:
            yield [
                indicator.group,
                f"{indicator.code}:{direction.code}",
                f"в т. ч. {direction.name.lower()} направленность",
                direction.name,
                indicator.unit,
                excel_number(figures.total(indicator.code, direction.code)),
                None,
            ]


def not_accepted_sheet(figures):
    """«Не приняты»: reports counted in the totals that the МОЦ has not accepted yet."""
    waiting = [
        organization
        for organization in figures.organizations
        if figures.statuses.get(organization.id) == Submission.Status.SUBMITTED
    ]
    first_sent = dict(
        Submission.objects.filter(
            period=figures.period, organization__in=[o.id for o in waiting]
        ).values_list("organization_id", "first_submitted_at")
    )
    columns = [Column("Организация", 40), Column("Отправлен", 18), Column("Статус отчёта", 20)]
    rows = (
        [
            organization.short_name,
            date_ru(first_sent.get(organization.id)),
            Submission.Status.SUBMITTED.label,
        ]
        for organization in waiting
    )
    return Sheet("Не приняты", columns, rows, frozen_columns=1)


def about_sheet(figures):
    site = SiteSettings.load()
    period = figures.period
    missing = len(figures.missing_organizations)
    rate = timeliness_grid(
        period.year, only=period, organizations=list(figures.organizations)
    ).month_rates[0]
    rows = [
        ["МОЦ", site.moc_name],
        ["Муниципальное образование", site.municipality],
        ["Отчётный период", period.name],
        ["Срок сдачи", period.deadline.strftime("%d.%m.%Y")],
        ["Организаций", len(figures.organizations)],
        ["Сдали отчёт", len(figures.organizations) - missing],
        ["Не сдали", missing],
        ["Сдали отчёт, % организаций", _percent(rate.reporting)],
        ["Сдали в срок, % организаций", _percent(rate.timely)],
        ["Сформировано", timezone.localtime().strftime("%d.%m.%Y %H:%M")],
    ]
    return Sheet("Сведения", [Column("Параметр", 30), Column("Значение", 60)], rows)


def _percent(value):
    return None if value is None else Formatted(excel_number(value), PERCENT_POINTS_FORMAT)

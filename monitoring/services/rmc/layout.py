"""Our own layout of the РМЦ export, used while no РМЦ form is active.

Three sheets: «Показатели» (municipal totals, each breakdown by direction under its total,
the year's targets), «Не сдали» (organizations whose figures were not sent), «Сведения».
"""

from django.utils import timezone

from moc_portal.core.spreadsheets import Column, Sheet, build_xlsx, excel_number
from moc_portal.models import SiteSettings

from ..reports import missing_sheet


def build_default_export(figures):
    """The XLSX file, as bytes, for a period's figures (aggregation.collect_period)."""
    return build_xlsx([indicator_sheet(figures), missing_sheet(figures), about_sheet(figures)])


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


def about_sheet(figures):
    site = SiteSettings.load()
    period = figures.period
    missing = len(figures.missing_organizations)
    rows = [
        ["МОЦ", site.moc_name],
        ["Муниципальное образование", site.municipality],
        ["Отчётный период", period.name],
        ["Срок сдачи", period.deadline.strftime("%d.%m.%Y")],
        ["Организаций", len(figures.organizations)],
        ["Сдали отчёт", len(figures.organizations) - missing],
        ["Не сдали", missing],
        ["Сформировано", timezone.localtime().strftime("%d.%m.%Y %H:%M")],
    ]
    return Sheet("Сведения", [Column("Параметр", 30), Column("Значение", 60)], rows)

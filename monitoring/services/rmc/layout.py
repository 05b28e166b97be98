"""Our own layout of the РМЦ export, used while no РМЦ form is active.

Three sheets: «Показатели» (municipal totals, each breakdown by direction under its total,
the year's targets), «Не сдали» (organizations whose figures were not sent), «Сведения».
"""

from django.utils import timezone

from moc_portal.core.spreadsheets import Column, Sheet, build_xlsx
from moc_portal.models import SiteSettings

from ...models import Submission

NO_SUBMISSION = "Нет отчёта"


def spreadsheet_value(value):
    """What a spreadsheet cell holds: Decimals become int or float, the rest stays."""
    if value is None or isinstance(value, str | int | float):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


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
            spreadsheet_value(figures.total(indicator.code)),
            spreadsheet_value(figures.targets.get(indicator.code)),
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
                spreadsheet_value(figures.total(indicator.code, direction.code)),
                None,
            ]


def missing_sheet(figures):
    columns = [
        Column("Организация", 30),
        Column("Полное наименование", 60),
        Column("Состояние отчёта", 24),
        Column("E-mail", 28),
        Column("Телефон", 20),
    ]
    labels = dict(Submission.Status.choices)
    rows = (
        [
            organization.short_name,
            organization.full_name,
            labels.get(figures.statuses.get(organization.id), NO_SUBMISSION),
            organization.email,
            organization.phone,
        ]
        for organization in figures.missing_organizations
    )
    return Sheet("Не сдали", columns, rows)


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

"""The timeliness grid as a spreadsheet: the same grid the page shows, printable."""

from moc_portal.core.spreadsheets import Column, Formatted, Sheet, build_xlsx
from moc_portal.core.text import MONTHS_SHORT

from ..selectors.timeliness import LOOKS

PERCENT = '0.0"%"'


def cell_text(cell):
    """«✓ в срок», «✗ не сдан», «… 60 %» for a draft: readable on paper, without colour."""
    if cell.state is None:
        return ""
    look = LOOKS[cell.state]
    text = f"{look.letter} {look.label}"
    if cell.completeness is not None:
        text += f", заполнен на {cell.completeness} %"
    return text


def _percent(value):
    return Formatted(value, PERCENT) if value is not None else None


def timeliness_sheet(grid, title_rows=()):
    columns = [
        Column("Организация", 40),
        *(Column(MONTHS_SHORT[month.number], 14, wrap_header=True) for month in grid.months),
        Column("Сдано, %", 10),
        Column("В срок, %", 10),
    ]

    def rows():
        for row in grid.rows:
            yield [
                row.organization.short_name,
                *(cell_text(cell) for cell in row.cells),
                _percent(row.rate.reporting),
                _percent(row.rate.timely),
            ]
        yield []
        yield [
            "Муниципалитет: сдано, %",
            *(_percent(rate.reporting) for rate in grid.month_rates),
            _percent(grid.year_rate.reporting),
            None,
        ]
        yield [
            "Муниципалитет: в срок, %",
            *(_percent(rate.timely) for rate in grid.month_rates),
            None,
            _percent(grid.year_rate.timely),
        ]

    legend = "; ".join(f"{look.letter} — {look.label}" for look in LOOKS.values())
    return Sheet(
        title=f"Своевременность {grid.year}",
        columns=columns,
        rows=rows(),
        title_rows=[
            f"Своевременность сдачи мониторинга за {grid.year} год",
            *title_rows,
            f"Обозначения: {legend}",
        ],
        frozen_columns=1,
    )


def timeliness_xlsx(grid, title_rows=()):
    return build_xlsx([timeliness_sheet(grid, title_rows)])


def filename(year):
    return f"timeliness-{year}.xlsx"

"""Where things stand in the monitoring template: the sheets, the columns, the first row.

The template's writer and its reader share these; the «_meta» sheet's FORMAT_VERSION changes
when they change, so an old template is refused instead of misread.
"""

from moc_portal.core.spreadsheets import Column

FORMAT_VERSION = "1"
SHEET_TITLE = "Показатели"
META_TITLE = "_meta"
COLUMNS = [
    Column("Код", width=22),
    Column("Группа", width=14),
    Column("Показатель", width=60),
    Column("Ед. изм.", width=9),
    Column("Направленность", width=26),
    Column("Прошлый месяц", width=15),
    Column("Значение", width=15),
]
CODE_COLUMN, VALUE_COLUMN = 1, 7
HEADER_ROW = 6
FIRST_ROW = HEADER_ROW + 1

"""The import's columns: keys, the headers our export writes, the headers files use."""

import functools
from dataclasses import dataclass, field

from ...models import ImportHeaderAlias


@functools.lru_cache(maxsize=4096)  # a file repeats the same few values thousands of times
def normalize_key(text):
    """«Стартовый (ознакомительный)» -> "стартовыйознакомительный": letters and digits only."""
    text = (text or "").lower().replace("ё", "е")
    return "".join(ch for ch in text if ch.isalnum())


def normalize_title(text):
    """Titles compare case- and ё-insensitively, ignoring repeated spaces."""
    return " ".join((text or "").lower().replace("ё", "е").split())


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"
    aliases: tuple = ()
    ignored: bool = field(default=False)  # known (e.g. open data's url) but not imported


PROGRAM_COLUMNS = [
    Column(
        "navigator_id",
        "ID в Навигаторе",
        "navigator_id",
        (
            "navigator_url",
            "Навигатор",
            "id Навигатора",
            "Ссылка на Навигатор",
            "ID программы в Навигаторе",
        ),
    ),
    Column("title", "Название", "text", ("title", "Название программы", "Наименование программы")),
    Column(
        "organization",
        "Организация",
        "organization",
        ("organization", "Наименование организации", "Учреждение", "Организация (ИНН)"),
    ),
    Column("direction", "Направленность", "direction", ("direction", "Направленность программы")),
    Column("levels", "Уровень", "levels", ("levels", "Уровни", "Уровень программы")),
    Column("age_min", "Возраст от", "age", ("age_min", "Возраст с", "Минимальный возраст")),
    Column("age_max", "Возраст до", "age", ("age_max", "Максимальный возраст")),
    Column("payment", "Оплата", "payment", ("payment", "Форма оплаты", "Финансирование")),
    Column(
        "price_per_month",
        "Стоимость",
        "price",
        ("price", "price_per_month", "Стоимость в месяц", "Стоимость, руб.", "Цена"),
    ),
    Column("study_form", "Форма обучения", "study_form", ("format", "study_form")),
    Column(
        "uses_distance_technologies",
        "Дистанционные технологии",
        "bool",
        ("distance", "С применением дистанционных технологий"),
    ),
    Column(
        "is_ovz_adapted",
        "ОВЗ",
        "bool",
        ("ovz", "Для детей с ОВЗ", "Адаптирована для детей с ОВЗ"),
    ),
    Column("disability_types", "Виды нарушений", "disability_types", ("disability_types",)),
    Column("is_network", "Сетевая форма", "bool", ("network", "Сетевая форма реализации")),
    Column(
        "duration_months",
        "Продолжительность, месяцев",
        "count",
        ("duration_months", "Продолжительность"),
    ),
    Column("hours_per_year", "Часов в год", "count", ("hours_per_year", "Объём, часов")),
    Column("annotation", "Аннотация", "text", ("annotation", "Описание", "Краткое описание")),
    Column("goals", "Цели и задачи", "text", ("goals", "Цели")),
    Column("expected_results", "Ожидаемые результаты", "text", ("expected_results",)),
    Column("teachers", "Педагог", "text", ("teachers", "Педагоги", "ФИО педагога")),
    Column(
        "venue",
        "Адрес",
        "text",
        ("venue", "Место проведения", "Адрес проведения", "Место занятий", "Адрес занятий"),
    ),
    Column("latitude", "Широта", "coordinate", ("latitude", "lat", "Широта места")),
    Column("longitude", "Долгота", "coordinate", ("longitude", "lon", "lng", "Долгота места")),
    Column("coordinates", "Координаты", "coordinates", ("coordinates", "Координаты места")),
    Column("schedule", "Расписание", "schedule", ("schedule", "Расписание занятий")),
    Column("enrollment_open", "Открыта запись", "bool", ("enrollment_open", "Запись открыта")),
    Column("places_available", "Свободных мест", "count", ("places_available", "Свободные места")),
    Column(
        "enrollment_from", "Запись с", "date", ("enrollment_from", "Начало записи", "orderFrom")
    ),
    Column("enrollment_to", "Запись до", "date", ("enrollment_to", "Окончание записи", "orderTo")),
    Column("places_total", "Мест всего", "count", ("places_total", "Количество мест", "size")),
    Column(
        "certificate_cost",
        "Стоимость по ПФДО",
        "price",
        ("certificate_cost", "Стоимость модуля", "Стоимость программы по сертификату"),
    ),
    Column("normative_cost", "Нормативная стоимость", "price", ("normative_cost",)),
    Column(
        "cost_months",
        "Месяцев реализации модуля",
        "count",
        ("cost_months", "Число месяцев реализации"),
    ),
    Column("cost_hours", "Часов в модуле", "count", ("cost_hours", "Часов модуля")),
    Column("status", "Статус", "status", ("status",)),
    # Open-data columns that describe the program but are not imported.
    *(
        Column(key, header, ignored=True)
        for key, header in (
            ("id", "ID"),
            ("slug", "Адрес страницы"),
            ("organization_slug", "Адрес страницы организации"),
            ("rural", "В сельской местности"),
            ("url", "Страница на портале"),
            ("updated", "Обновлено"),
        )
    ),
]

ORGANIZATION_COLUMNS = [
    Column("short_name", "Краткое наименование", "text", ("short_name", "Организация")),
    Column(
        "full_name",
        "Полное наименование",
        "text",
        ("full_name", "Наименование", "Полное наименование организации"),
    ),
    Column("kind", "Тип", "choice", ("kind", "Тип организации")),
    Column("department", "Ведомство", "choice", ("department", "Ведомственная принадлежность")),
    Column("inn", "ИНН", "digits", ("inn",)),
    Column("ogrn", "ОГРН", "digits", ("ogrn", "ОГРНИП")),
    Column("address", "Адрес", "text", ("address", "Юридический адрес", "Фактический адрес")),
    Column("settlement", "Населённый пункт", "text", ("settlement",)),
    Column("locality", "Тип местности", "choice", ("locality", "Местность")),
    Column("phone", "Телефон", "text", ("phone",)),
    Column("email", "E-mail", "text", ("email", "Электронная почта", "Эл. почта", "Почта")),
    Column("website", "Сайт", "text", ("website", "Адрес сайта")),
    Column("head_name", "Руководитель", "text", ("head_name", "Директор", "ФИО руководителя")),
    Column("description", "Об организации", "text", ("description", "Описание")),
    Column("latitude", "Широта", "coordinate", ("latitude", "lat")),
    Column("longitude", "Долгота", "coordinate", ("longitude", "lon", "lng")),
    Column("is_active", "Активна", "bool", ("is_active",)),
]

COLUMNS = {
    ImportHeaderAlias.Target.PROGRAM: PROGRAM_COLUMNS,
    ImportHeaderAlias.Target.ORGANIZATION: ORGANIZATION_COLUMNS,
}


def columns_for(target):
    """The columns a methodist may point a header at (the imported ones)."""
    return [column for column in COLUMNS.get(target, []) if not column.ignored]


@dataclass
class HeaderMatch:
    """Which file column feeds which import column; unknown headers are listed, not fatal."""

    positions: dict  # column key -> index in the row
    headers: dict  # column key -> the header as written in the file
    unknown: list
    duplicates: list  # (header, header) pairs naming the same column


def match_headers(header_row, target):
    lookup = {}
    for column in COLUMNS[target]:
        for name in (column.key, column.header, *column.aliases):
            lookup.setdefault(normalize_key(name), column)
    # The methodists' aliases win over the built-in ones: they know their files.
    for alias in ImportHeaderAlias.objects.filter(target=target):
        column = next((c for c in COLUMNS[target] if c.key == alias.column), None)
        if column:
            lookup[normalize_key(alias.header)] = column
    match = HeaderMatch(positions={}, headers={}, unknown=[], duplicates=[])
    for index, header in enumerate(header_row):
        if not header:
            continue
        column = lookup.get(normalize_key(header))
        if column is None:
            match.unknown.append(header)
        elif column.ignored:
            continue
        elif column.key in match.positions:
            match.duplicates.append((match.headers[column.key], header))
        else:
            match.positions[column.key] = index
            match.headers[column.key] = header
    return match

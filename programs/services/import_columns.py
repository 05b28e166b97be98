"""The columns of the program and organization imports: their headers, aliases and values.

Every column has a key (the model field it fills, or a name the import understands), the
Russian header our own export writes, and the other headers files use for it: the keys of
the open-data export (/programs/export.csv), the usual Russian wordings and, from the
admin, the methodists' ImportHeaderAlias rows. Headers and vocabulary values match case-
and ё-insensitively, ignoring punctuation and repeated spaces.

Values are parsed to Python values here; a value that cannot be parsed raises
ValueError with a Russian message, which the import reports with its row and column.
"""

import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..closed_lists import PAYMENT_FIELDS
from ..models import (
    Direction,
    DisabilityType,
    ImportHeaderAlias,
    Level,
    Organization,
    Program,
    ScheduleSlot,
)

LIST_SEPARATORS = re.compile(r"[;,\n]+")
TRUE_WORDS = {"да", "1", "true", "истина", "есть", "+", "yes", "x", "х", "v"}
FALSE_WORDS = {"нет", "0", "false", "ложь", "-", "no", ""}


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
    Column("venue", "Адрес", "text", ("venue", "Место проведения", "Адрес проведения")),
    Column("schedule", "Расписание", "schedule", ("schedule", "Расписание занятий")),
    Column("enrollment_open", "Открыта запись", "bool", ("enrollment_open", "Запись открыта")),
    Column("places_available", "Свободных мест", "count", ("places_available", "Свободные места")),
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


class Vocabulary:
    """The closed lists and organizations, loaded once per import, looked up by any name."""

    def __init__(self):
        self.directions = _by_names(Direction.objects.all())
        # Older documents still say «социально-педагогическая».
        social = self.directions.get("social")
        if social:
            self.directions[normalize_key("социально-педагогическая")] = social
        self.levels = _by_names(Level.objects.all())
        self.disability_types = _by_names(DisabilityType.objects.all())
        self.direction_names = {d.pk: d.name for d in Direction.objects.all()}

    def organizations(self):
        """{normalized short name, full name, INN or slug: [Organization]}."""
        found = {}
        for organization in Organization.objects.all():
            keys = {
                normalize_key(organization.short_name),
                normalize_key(organization.full_name),
                normalize_key(organization.slug),
            }
            if organization.inn:
                keys.add(organization.inn)
            for key in keys - {""}:
                found.setdefault(key, []).append(organization)
        return found


def _by_names(items):
    found = {}
    for item in items:
        found[item.code] = item
        found[normalize_key(item.name)] = item
        # «Стартовый (ознакомительный)»: either word alone is enough.
        if "(" in item.name:
            outer, inner = item.name.split("(", 1)
            found.setdefault(normalize_key(outer), item)
            found.setdefault(normalize_key(inner), item)
    return found


# Parsers: text -> value, or ValueError with a Russian message.


def parse_bool(text):
    key = (text or "").strip().lower()
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    raise ValueError(f"«{text}» — ожидается «да» или «нет».")


def parse_count(text):
    if not text:
        return None
    try:
        number = Decimal(text.replace(" ", "").replace("\xa0", "").replace(",", "."))
    except InvalidOperation:
        number = None
    if number is None or number != number.to_integral_value() or number < 0:
        raise ValueError(f"«{text}» — нужно целое неотрицательное число.")
    return int(number)


def parse_age(text):
    if not text:
        raise ValueError("Укажите возраст.")
    age = parse_count(text)
    if age > 25:
        raise ValueError(f"«{text}» — возраст не может быть больше 25 лет.")
    return age


def parse_price(text):
    if not text:
        return None
    cleaned = re.sub(r"(?i)\s|\xa0|₽|руб\.?|р\.$", "", text).replace(",", ".")
    try:
        price = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"«{text}» — стоимость должна быть числом, например 1500.") from None
    if price < 0 or price >= Decimal("1000000"):
        raise ValueError(f"«{text}» — стоимость должна быть от 0 до 999 999,99.")
    return price.quantize(Decimal("0.01"))


def parse_choice(text, choices, what):
    """A TextChoices value by its code or its Russian label."""
    key = normalize_key(text)
    for value, label in choices:
        if key in (normalize_key(value), normalize_key(label)):
            return value
    names = ", ".join(f"«{label}»" for _, label in choices)
    raise ValueError(f"«{text}» — неизвестный {what}. Возможные: {names}.")


STUDY_FORM_WORDS = {
    normalize_key("дистанционная"): Program.StudyForm.DISTANCE,
    normalize_key("заочная"): Program.StudyForm.DISTANCE,
}
PAYMENT_WORDS = {
    **{normalize_key(code): code for code in PAYMENT_FIELDS},
    **{
        normalize_key(word): code
        for word, code in (
            ("бесплатно", "free"),
            ("бюджет", "free"),
            ("бесплатно (бюджет)", "free"),
            ("бесплатная", "free"),
            ("по сертификату", "certificate"),
            ("по сертификату ПФДО", "certificate"),
            ("сертификат", "certificate"),
            ("сертификат ПФДО", "certificate"),
            ("ПФДО", "certificate"),
            ("платно", "paid"),
            ("платная", "paid"),
            ("платно (личные средства)", "paid"),
            ("личные средства", "paid"),
            ("внебюджет", "paid"),
        )
    },
}


def parse_study_form(text):
    if not text:
        return Program.StudyForm.IN_PERSON
    form = STUDY_FORM_WORDS.get(normalize_key(text))
    return form or parse_choice(text, Program.StudyForm.choices, "вид формы обучения")


def parse_payment(text):
    """{"free": bool, "certificate": bool, "paid": bool}; empty means free."""
    codes = set()
    for part in LIST_SEPARATORS.split(text or ""):
        if not part.strip():
            continue
        code = PAYMENT_WORDS.get(normalize_key(part))
        if code is None:
            raise ValueError(
                f"«{part.strip()}» — неизвестный вид оплаты. "
                "Возможные: «бесплатно», «по сертификату», «платно»."
            )
        codes.add(code)
    codes = codes or {"free"}
    return {code: code in codes for code in PAYMENT_FIELDS}


def parse_vocabulary_list(text, lookup, what):
    """Levels or disability types: names or codes separated by ; , or new lines."""
    items = []
    for part in LIST_SEPARATORS.split(text or ""):
        if not part.strip():
            continue
        item = lookup.get(part.strip()) or lookup.get(normalize_key(part))
        if item is None:
            raise ValueError(f"«{part.strip()}» — неизвестный {what}.")
        if item not in items:
            items.append(item)
    return items


def parse_navigator_id(text):
    """An id, or a Навигатор address ending in /program/<id> (the open data's column)."""
    text = (text or "").strip()
    match = re.search(r"/program/([^/?#\s]+)", text)
    if match:
        return match.group(1)
    if len(text) > 30:
        raise ValueError(f"«{text[:40]}…» — это не id программы в Навигаторе.")
    return text


WEEKDAYS = {
    **{normalize_key(label): day for day, label in ScheduleSlot.Weekday.choices},
    **{
        normalize_key(short): day
        for day, short in enumerate(("пн", "вт", "ср", "чт", "пт", "сб", "вс"), start=1)
    },
}
WEEKDAY_SHORT = {day: short for short, day in WEEKDAYS.items() if len(short) == 2}
SCHEDULE_ITEM = re.compile(
    r"(?P<days>[А-Яа-яЁё]+(?:(?:\s*,\s*|\s+и\s+)[А-Яа-яЁё]+)*)\.?\s+"
    r"(?P<start>\d{1,2}[:.]\d{2})\s*[-–—]\s*(?P<end>\d{1,2}[:.]\d{2})"
    r"(?:\s*\((?P<group>[^)]*)\))?"
)


def parse_schedule(text):
    """«Вт, Чт 15:00–16:30 (Группа 1); Сб 10:00–11:30» -> [(weekday, start, end, group)]."""
    from datetime import time

    slots = []
    rest = text or ""
    for match in SCHEDULE_ITEM.finditer(rest):
        start, end = (_time(match.group(name)) for name in ("start", "end"))
        if start is None or end is None or start >= end:
            raise ValueError(f"«{match.group(0)}» — неверное время занятия.")
        for name in re.split(r"\s*,\s*|\s+и\s+", match.group("days")):
            day = WEEKDAYS.get(normalize_key(name))
            if day is None:
                raise ValueError(f"«{name}» — неизвестный день недели.")
            slots.append((day, time(*start), time(*end), (match.group("group") or "").strip()))
    leftover = SCHEDULE_ITEM.sub("", rest).strip(" ;,\n")
    if leftover:
        raise ValueError(
            f"«{leftover[:40]}» — расписание не распознано. "
            "Пишите так: «Вт, Чт 15:00–16:30; Сб 10:00–11:30»."
        )
    return sorted(slots)


def _time(text):
    hours, minutes = (int(part) for part in re.split(r"[:.]", text))
    if hours > 23 or minutes > 59:
        return None
    return hours, minutes


def format_schedule(slots):
    """The inverse of parse_schedule: one item per slot, in the order of the week."""
    return "; ".join(
        f"{WEEKDAY_SHORT[day].capitalize()} {start:%H:%M}–{end:%H:%M}"
        + (f" ({group})" if group else "")
        for day, start, end, group in sorted(slots)
    )

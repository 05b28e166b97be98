"""The import's cell values: text to Python values, and names looked up in the closed lists.

A value that cannot be parsed raises ValueError with a Russian message, which the import
reports with its row and column.
"""

import re
from datetime import datetime, time
from decimal import Decimal, InvalidOperation

from moc_portal.core.geo import parse_latitude, parse_longitude, parse_point

from ...closed_lists import PAYMENT_FIELDS
from ...models import Direction, DisabilityType, Level, Organization, Program, ScheduleSlot
from .columns import normalize_key

LIST_SEPARATORS = re.compile(r"[;,\n]+")
TRUE_WORDS = {"да", "1", "true", "истина", "есть", "+", "yes", "x", "х", "v"}
FALSE_WORDS = {"нет", "0", "false", "ложь", "-", "no", ""}


class KnownNames:
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


DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%Y-%m-%d %H:%M:%S")


def parse_date(text):
    """«31.05.2027», «2027-05-31» (and a spreadsheet's date cell as text); empty is None."""
    text = (text or "").strip()
    if not text:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"«{text}» — дата должна быть вида 31.05.2027.")


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


def parse_named_list(text, lookup, what):
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


NAVIGATOR_PROGRAM = re.compile(r"/program/(?P<segment>[^/?#\s]+)")
LEADING_NUMBER = re.compile(r"^(\d+)(?:-[\w-]*)?$")


def parse_navigator_id(text):
    """The program's id in the Навигатор: a number, «8216-yunyi-operator-bpla» (id and slug)
    or a whole link, https://р19.навигатор.дети/program/8216-yunyi-operator-bpla-letnyaya-smena
    (hosts in Cyrillic, punycode or Latin: navigator.krao.ru, dopobr73.ru, new.dop.mosreg.ru)."""
    text = (text or "").strip()
    match = NAVIGATOR_PROGRAM.search(text)
    segment = match.group("segment") if match else text
    number = LEADING_NUMBER.match(segment)
    if number:
        return number.group(1)
    if len(segment) > 30 or (not match and "/" in segment):
        raise ValueError(f"«{text[:40]}…» — это не id программы в Навигаторе.")
    return segment


def parse_navigator_url(text):
    """The whole link when the cell holds one (with its slug), else ""."""
    text = (text or "").strip()
    if not NAVIGATOR_PROGRAM.search(text):
        return ""
    if "://" not in text:
        text = f"https://{text}"
    if len(text) > 500:
        raise ValueError("Ссылка на программу в Навигаторе длиннее 500 знаков.")
    return text


def parse_coordinates(text):
    """«58.0524, 37.1158» -> (latitude, longitude); empty -> None."""
    if not (text or "").strip():
        return None
    return parse_point(text)


def parse_optional_latitude(text):
    return parse_latitude(text) if (text or "").strip() else None


def parse_optional_longitude(text):
    return parse_longitude(text) if (text or "").strip() else None


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

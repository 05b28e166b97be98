"""Russian text: plural forms, month names, dates, numbers, file sizes and quotation marks.

One definition of each for the whole portal: templates reach them through the `russian`
template tags (and Django's own `floatformat` and `filesizeformat`, which follow the same
`ru` formats), Python code (reports, e-mails, exports, admin columns) imports them here.
Numbers and sizes go through Django's localisation under `ru`, whatever language is active.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.template.defaultfilters import filesizeformat
from django.utils import formats, translation

MONTHS_NOMINATIVE = (
    "",
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
# «5 ноября», «срок — 10 декабря».
MONTHS_GENITIVE = (
    "",
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
# «в ноябре».
MONTHS_PREPOSITIONAL = (
    "",
    "январе",
    "феврале",
    "марте",
    "апреле",
    "мае",
    "июне",
    "июле",
    "августе",
    "сентябре",
    "октябре",
    "ноябре",
    "декабре",
)
# Column heads and chart labels.
MONTHS_SHORT = (
    "",
    "янв",
    "фев",
    "мар",
    "апр",
    "май",
    "июн",
    "июл",
    "авг",
    "сен",
    "окт",
    "ноя",
    "дек",
)
WEEKDAYS_SHORT = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")


def plural_form(count, one, few, many):
    """The noun form for `count`: 1 программа, 2 программы, 5 программ, 21 программа."""
    count = abs(int(count))
    if count % 10 == 1 and count % 100 != 11:
        return one
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return few
    return many


def plural(count, one, few, many):
    """The number and the noun: «5 программ»."""
    return f"{count} {plural_form(count, one, few, many)}"


def month_name(month, case="nominative"):
    table = {
        "nominative": MONTHS_NOMINATIVE,
        "genitive": MONTHS_GENITIVE,
        "prepositional": MONTHS_PREPOSITIONAL,
    }[case]
    return table[month]


def date_ru(value, with_year=True):
    """«5 ноября 2026» (or «5 ноября»); a datetime is shown by its date."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    text = f"{value.day} {MONTHS_GENITIVE[value.month]}"
    return f"{text} {value.year}" if with_year else text


def capfirst(text):
    """Only the first letter up: «октябрь 2026» → «Октябрь 2026» (capitalize() lowers the rest)."""
    return text[:1].upper() + text[1:] if text else text


def quote(text):
    """Text in «ёлочки»; quotes already inside become „лапки“, as Russian typography nests them."""
    inner = str(text).replace("«", "„").replace("»", "“")
    return f"«{inner}»"


def number_ru(value, places=None, *, trim=False):
    """A number with the Russian decimal comma: «1200,5» (no thousands spaces).

    `places` rounds to that many digits after the comma (half up, as people round);
    `trim` drops the zeros at the end («2,50» → «2,5», «3,00» → «3»).
    """
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    if trim:
        number = number.normalize()
        places = None
    with translation.override("ru"):
        return formats.number_format(number, decimal_pos=places, use_l10n=True)


def size_ru(size):
    """A file size in Russian units: «380,0 КБ», «2,4 МБ» (Django's filesizeformat; the space
    before the unit is a non-breaking one)."""
    with translation.override("ru"):
        return str(filesizeformat(size))

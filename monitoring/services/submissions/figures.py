"""The shapes and spelling of figures: keys, rows, numbers as Russians type them, errors."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.formats import date_format

from moc_portal.core.text import number_ru
from programs.models import Direction

from ...models import Indicator

Key = tuple[str, str | None]

# Value.value is DecimalField(max_digits=14, decimal_places=2).
DECIMAL_PLACES = 2
MAX_VALUE = Decimal("999999999999.99")
# Spaces a Russian user (or Excel) puts between thousands: "1 200", "1 200".
THOUSAND_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")
EXPLANATION_LENGTH = 500  # Value.explanation


class SubmissionError(Exception):
    """An operation on a submission was refused; str(error) says why, in Russian."""


class ConcurrentEditError(SubmissionError):
    """Someone saved the submission after the version this save started from."""

    def __init__(self, submission):
        self.who = person_name(submission.saved_by)
        self.when = moment(submission.saved_at)
        super().__init__(
            f"Отчёт уже изменил(а) {self.who} {self.when}. "
            "Обновите страницу: ваши данные не сохранены, они остались в форме."
        )


class InvalidFigures(SubmissionError):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(error.message for error in errors))


@dataclass(frozen=True)
class FigureError:
    """One broken rule; `key` says which figure, `message` says what is wrong (lower case)."""

    key: Key
    message: str


@dataclass(frozen=True)
class Change:
    """A figure that moved more than the configured share against the previous month."""

    key: Key
    previous: Decimal
    current: Decimal

    @property
    def percent(self):
        return round((self.current - self.previous) / self.previous * 100)

    @property
    def short(self):
        """«+35 % к прошлому месяцу», beside the value on the review page."""
        return f"{self.percent:+d} % к прошлому месяцу"

    @property
    def message(self):
        sign = "+" if self.percent > 0 else "−"
        return (
            f"изменение {sign}{abs(self.percent)} % к прошлому месяцу "
            f"({format_number(self.previous)} → {format_number(self.current)}): "
            "поясните коротко, почему — пояснение увидит проверяющий"
        )


@dataclass
class EntryRow:
    """One number to type: an indicator's total or its value for one direction."""

    indicator: Indicator
    direction: Direction | None
    value: Decimal | None
    previous: Decimal | None
    explanation: str = ""
    change: object = None  # set by flag_changes: a Change or a ranges.OutOfRange
    expected: object = None  # an ExpectedRange from the history (ranges.py), if enough

    @property
    def key(self):
        return (self.indicator.code, self.direction.code if self.direction else None)

    @property
    def code(self):
        """ "children_total" or "children_total:tech", as in the РМЦ form placeholders."""
        return key_code(self.key)

    @property
    def label(self):
        if self.direction:
            return f"{self.indicator.name}: {self.direction.name.lower()} направленность"
        return self.indicator.name

    @property
    def value_text(self):
        return format_number(self.value)

    @property
    def previous_text(self):
        return format_number(self.previous)


@dataclass
class EntryGroup:
    name: str
    rows: list


def key_code(key):
    code, direction = key
    return f"{code}:{direction}" if direction else code


# Beyond this many digits a number is shown in exponent form: "1e999999999" typed into a
# cell must not become a message (and a page) of a billion zeros.
MAX_PLAIN_DIGITS = 20


def format_number(value):
    """Decimal("1200.50") → "1200,5"; None → ""; Decimal("1e40") → "1,00E+40"."""
    if value is None:
        return ""
    if value.is_finite() and value and abs(value.adjusted()) > MAX_PLAIN_DIGITS:
        mantissa, exponent = f"{value:.2E}".split("E")
        return f"{number_ru(Decimal(mantissa), 2)}E{exponent}"
    return number_ru(value, trim=True)


def parse_number(text):
    """A number as a Russian user types it ("1 200", "12,5") → Decimal; ValueError otherwise."""
    cleaned = str(text).strip().translate(THOUSAND_SPACES).replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite():
        raise ValueError(text)
    return number


def person_name(user):
    if user is None:
        return "другой пользователь"
    return user.get_full_name() or user.get_username()


def moment(when):
    """ "в 14:05" today, "3 ноября 2026 в 14:05" on another day."""
    if when is None:
        return ""
    local = timezone.localtime(when)
    time = f"в {local:%H:%M}"
    if local.date() == timezone.localdate():
        return time
    return f"{date_format(local.date(), 'j E Y')} {time}"

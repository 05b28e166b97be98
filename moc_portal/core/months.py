"""A calendar month as a value: `Month.parse("2026-10")`, previous/next, first/last day, names.

The one way the portal reads, steps and names months: the monitoring's reporting periods,
the events list's `?month=`, media plans and the command-line `--period` all go through it.
URLs take it with the `<month:…>` converter registered here (importing this module
registers it), which hands the view a Month and turns a Month back into "2026-10".
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.urls import register_converter
from django.utils import timezone

from .text import month_name

FIRST_YEAR, LAST_YEAR = 2000, 2100
_CODE = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    number: int  # 1–12

    def __post_init__(self):
        if not (FIRST_YEAR <= self.year <= LAST_YEAR and 1 <= self.number <= 12):
            raise ValueError(f"Месяц {self.year}-{self.number} не существует.")

    @classmethod
    def parse(cls, text):
        """ "2026-10" → Month(2026, 10); ValueError with a Russian reason for anything else."""
        match = _CODE.match(str(text or ""))
        if match:
            try:
                return cls(int(match.group(1)), int(match.group(2)))
            except ValueError:
                pass
        raise ValueError(f"Месяц «{text}» не понят: укажите его как 2026-10.")

    @classmethod
    def of(cls, day):
        """The month a date falls in."""
        return cls(day.year, day.month)

    @classmethod
    def current(cls):
        return cls.of(timezone.localdate())

    @classmethod
    def last_ended(cls, today=None):
        """The month before `today`'s (the month that can be reported on)."""
        return cls.of(today or timezone.localdate()).previous()

    def __str__(self):
        return self.code

    @property
    def code(self):
        return f"{self.year}-{self.number:02d}"

    def previous(self):
        return Month(self.year - 1, 12) if self.number == 1 else Month(self.year, self.number - 1)

    def next(self):
        return Month(self.year + 1, 1) if self.number == 12 else Month(self.year, self.number + 1)

    def plus(self, months):
        """The month `months` later (earlier when negative)."""
        index = self.year * 12 + self.number - 1 + months
        return Month(index // 12, index % 12 + 1)

    @property
    def first_day(self):
        return datetime.date(self.year, self.number, 1)

    @property
    def last_day(self):
        return datetime.date(self.year, self.number, calendar.monthrange(self.year, self.number)[1])

    def day(self, number):
        """The given day of the month, or its last day when the month is shorter (the 31st)."""
        return datetime.date(self.year, self.number, min(number, self.last_day.day))

    @property
    def name(self):
        """«октябрь 2026», for the middle of a sentence."""
        return f"{month_name(self.number)} {self.year}"

    @property
    def name_in(self):
        """«в октябре 2026»."""
        return f"в {month_name(self.number, 'prepositional')} {self.year}"


class MonthConverter:
    """`<month:period>` in a URL: "2026-10" → Month(2026, 10); a Month or "2026-10" back."""

    regex = r"\d{4}-\d{2}"

    def to_python(self, value):
        return Month.parse(value)  # ValueError (month 13): the URL does not match, a 404

    def to_url(self, value):
        return (value if isinstance(value, Month) else Month.parse(value)).code


register_converter(MonthConverter, "month")

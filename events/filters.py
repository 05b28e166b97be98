"""The events list's GET parameters (a public interface: keep names and codes stable).

Like the catalogue, every parameter is lenient: a malformed month, an unknown type or an age
out of range is dropped and the other filters still apply, so a mistyped link never errs.
"""

import datetime
import re

import django_filters
from django import forms
from django.db.models import Q

from programs.filters import CodeListFilter
from programs.text import normalize_search_text

from .models import Event

MAX_QUERY_LENGTH = 200
MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class MonthField(forms.Field):
    """ "2026-11" → date(2026, 11, 1); anything else → None (the filter is then off)."""

    def to_python(self, value):
        match = MONTH_RE.match((value or "").strip())
        if not match:
            return None
        year = int(match.group(1))
        if not 2000 <= year <= 2100:
            return None
        return datetime.date(year, int(match.group(2)), 1)

    def validate(self, value):
        pass


class MonthFilter(django_filters.Filter):
    field_class = MonthField

    def filter(self, qs, value):
        return qs.in_month(value.year, value.month) if value else qs


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Поиск", method="filter_search", strip=True)
    month = MonthFilter(label="Месяц")
    type = CodeListFilter(field_name="kind", label="Тип", choices=Event.Kind.choices)
    direction = CodeListFilter(
        field_name="direction__code", label="Направленность", vocabulary="direction"
    )
    audience = CodeListFilter(
        field_name="audience", label="Для кого", choices=Event.Audience.choices
    )
    age = django_filters.NumberFilter(
        label="Возраст участника", method="filter_age", min_value=0, max_value=25
    )

    class Meta:
        model = Event
        fields = []

    def filter_search(self, qs, name, value):
        # SQLite folds neither Cyrillic case nor ё: compare normalized text on both sides.
        for word in normalize_search_text(value[:MAX_QUERY_LENGTH]).split():
            qs = qs.filter(search_text__contains=word)
        return qs

    def filter_age(self, qs, name, value):
        if value is None:
            return qs
        age = int(value)
        return qs.filter(
            Q(age_min__isnull=True) | Q(age_min__lte=age),
            Q(age_max__isnull=True) | Q(age_max__gte=age),
        )

    @property
    def cleaned(self):
        self.is_valid()  # invalid fields drop out; the valid ones still apply
        return self.form.cleaned_data

    def filter_excluding(self, *names):
        qs = self.queryset.all()
        for name, value in self.cleaned.items():
            if name not in names:
                qs = self.filters[name].filter(qs, value)
        return qs

    @property
    def is_filtered(self):
        return any(value not in (None, "", [], False) for value in self.cleaned.values())

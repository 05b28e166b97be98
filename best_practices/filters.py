"""The public bank's GET parameters: direction, category, year, organization, q, page.

Lenient like the catalogue's: a value that does not parse is dropped and the other filters
still apply, so a mistyped link never becomes an error page.
"""

import django_filters
from django import forms

from programs.filters import CodeListFilter
from programs.text import normalize_search_text

from .models import Category, Practice

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12


class LenientYearField(forms.IntegerField):
    def clean(self, value):
        try:
            return super().clean(value)
        except forms.ValidationError:
            return None


class PracticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Поиск", method="filter_search", strip=True)
    direction = CodeListFilter(
        field_name="direction__code", label="Направленность", vocabulary="direction"
    )
    category = CodeListFilter(field_name="category", label="Категория", choices=Category.choices)
    year = django_filters.NumberFilter(label="Год", field_name="year")
    organization = django_filters.CharFilter(
        field_name="organization__slug", label="Организация", max_length=120
    )

    class Meta:
        model = Practice
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["year"] = LenientYearField(required=False, min_value=2000, max_value=2100)

    def filter_search(self, qs, name, value):
        words = normalize_search_text(value[:MAX_QUERY_LENGTH]).split()[:MAX_WORDS]
        for word in words:
            qs = qs.filter(search_text__contains=word)
        return qs

    @property
    def cleaned(self):
        self.is_valid()  # invalid fields drop out of cleaned_data; the valid ones still apply
        return self.form.cleaned_data

    def filter_excluding(self, *names):
        """The queryset filtered by every parameter except `names` (for facet counts)."""
        qs = self.queryset.all()
        for name, value in self.cleaned.items():
            if name not in names:
                qs = self.filters[name].filter(qs, value)
        return qs

    @property
    def is_filtered(self):
        return any(value not in (None, "", []) for value in self.cleaned.values())

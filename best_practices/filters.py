"""The public bank's GET parameters: direction, category, year, organization, q, page.

Lenient like the catalogue's: a value that does not parse is dropped and the other filters
still apply, so a mistyped link never becomes an error page.
"""

import django_filters
from django import forms

from moc_portal.core.filtering import CodeListFilter, LenientFilterSet, WordsFilter
from programs.selectors import direction_choices

from .models import Category, Practice


class LenientYearField(forms.IntegerField):
    def clean(self, value):
        try:
            return super().clean(value)
        except forms.ValidationError:
            return None


class PracticeFilter(LenientFilterSet):
    q = WordsFilter(label="Поиск")
    direction = CodeListFilter(
        field_name="direction__code", label="Направленность", choices=direction_choices
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

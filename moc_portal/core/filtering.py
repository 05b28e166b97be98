"""Public list filters that never fail a page, and the facets shown beside them.

A malformed GET parameter is dropped and the valid ones still apply, so a mistyped link never
turns into an error page; facet counts can leave one parameter out. The catalogue, events and
practices build their FilterSets from these pieces and draw their facets with one template,
`includes/facet_checkboxes.html`.
"""

from dataclasses import dataclass, field

import django_filters
from django import forms

from .months import Month
from .search_text import normalize_search_text

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12
FLAG_ON = {"1", "true", "on", "yes"}
FLAG_OFF = {"", "0", "false", "off", "no"}


class LenientFilterSet(django_filters.FilterSet):
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
        return any(value not in (None, "", [], False) for value in self.cleaned.values())


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    """Keeps the known codes of a repeated parameter and silently drops the rest."""

    def clean(self, value):
        value = self.to_python(value)
        known = {str(code) for code, _ in self.choices}
        return [item for item in dict.fromkeys(value) if item in known]


class CodeListFilter(django_filters.MultipleChoiceFilter):
    """`?direction=tech&direction=art`: rows whose field is any of the known codes given.

    `choices` may be a callable (read when the form is built), e.g. the cached closed lists.
    """

    field_class = LenientMultipleChoiceField

    def filter(self, qs, value):
        if not value:
            return qs
        return self.filter_codes(qs, value)

    def filter_codes(self, qs, codes):
        return qs.filter(**{f"{self.field_name}__in": codes})


class FlagField(forms.Field):
    """`1`, `true`, `on` or `yes` switch a filter on; anything else leaves it off."""

    def to_python(self, value):
        return str(value).strip().lower() in FLAG_ON if value else False

    def validate(self, value):
        pass


class FlagFilter(django_filters.Filter):
    field_class = FlagField

    def __init__(self, *args, condition, **kwargs):
        self.condition = condition
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.filter(self.condition) if value else qs


class WordsFilter(django_filters.CharFilter):
    """`?q=…`: rows whose stored search text (normalized, see core.search_text) holds every
    word of the query. SQLite folds neither Cyrillic case nor ё, so both sides are normalized;
    a long query is cut to its first words."""

    def __init__(self, *args, field_name="search_text", **kwargs):
        kwargs.setdefault("strip", True)
        super().__init__(*args, field_name=field_name, **kwargs)

    def filter(self, qs, value):
        text = normalize_search_text((value or "")[:MAX_QUERY_LENGTH])
        for word in text.split()[:MAX_QUERY_WORDS]:
            qs = qs.filter(**{f"{self.field_name}__contains": word})
        return qs


class MonthField(forms.Field):
    """ "2026-11" → Month(2026, 11); anything else → None (the filter is then off)."""

    def to_python(self, value):
        try:
            return Month.parse(value)
        except ValueError:
            return None

    def validate(self, value):
        pass


@dataclass
class FacetValue:
    code: str  # the GET parameter's value
    name: str
    count: int
    selected: bool


@dataclass
class FacetGroup:
    name: str  # the GET parameter
    title: str
    values: list = field(default_factory=list)

    @classmethod
    def of(cls, name, title, rows, selected):
        """A group from (code, name, count) rows; `selected` holds the codes chosen."""
        chosen = {str(code) for code in selected or ()}
        return cls(
            name,
            title,
            [FacetValue(str(code), label, n, str(code) in chosen) for code, label, n in rows],
        )

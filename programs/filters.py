"""The public catalogue's GET parameters (an interface: keep names and codes stable).

Every parameter is lenient: a value that does not parse is dropped and the
other filters still apply, so a mistyped link never turns into an error page.
"""

import django_filters
from django import forms
from django.db.models import Q

from . import search
from .models import PAYMENT_FIELDS, PAYMENT_LABELS, Program
from .vocabulary import PAYMENT_CODES
from .vocabulary_cache import load_vocabulary

MAX_QUERY_LENGTH = 200
SORT_CHOICES = [
    ("relevance", "по релевантности"),
    ("title", "по названию"),
    ("age", "по возрасту"),
    ("updated", "по дате обновления"),
]


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    """Keeps the known codes of a repeated parameter and silently drops the rest."""

    def clean(self, value):
        value = self.to_python(value)
        known = {str(code) for code, _ in self.choices}
        return [item for item in dict.fromkeys(value) if item in known]


class CodeListFilter(django_filters.MultipleChoiceFilter):
    field_class = LenientMultipleChoiceField

    def __init__(self, *args, vocabulary=None, **kwargs):
        if vocabulary:
            kwargs["choices"] = lambda: [
                (item.code, item.name) for item in load_vocabulary()[vocabulary]
            ]
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return self.filter_codes(qs, value)

    def filter_codes(self, qs, codes):
        return qs.filter(**{f"{self.field_name}__in": codes})


class LevelFilter(CodeListFilter):
    def filter_codes(self, qs, codes):
        # A subquery, not a join: a program with two matching levels must count once.
        through = Program.levels.through.objects.filter(level__code__in=codes)
        return qs.filter(pk__in=through.values("program_id"))


class PaymentFilter(CodeListFilter):
    def filter_codes(self, qs, codes):
        return qs.filter(payment_condition(codes))


def payment_condition(codes):
    condition = Q()
    for code in codes:
        condition |= Q(**{PAYMENT_FIELDS[code]: True})
    return condition


class FlagField(forms.Field):
    """`1`, `true`, `on` or `yes` switch a filter on; anything else leaves it off."""

    def to_python(self, value):
        return str(value).strip().lower() in {"1", "true", "on", "yes"} if value else False

    def validate(self, value):
        pass


class FlagFilter(django_filters.Filter):
    field_class = FlagField

    def __init__(self, *args, condition, **kwargs):
        self.condition = condition
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.filter(self.condition) if value else qs


class ProgramFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Поиск", method="filter_search", max_length=None, strip=True
    )
    direction = CodeListFilter(
        field_name="direction__code", label="Направленность", vocabulary="direction"
    )
    level = LevelFilter(label="Уровень", vocabulary="level")
    age = django_filters.NumberFilter(
        label="Возраст ребёнка", method="filter_age", min_value=0, max_value=25
    )
    payment = PaymentFilter(
        label="Оплата",
        choices=[(code, PAYMENT_LABELS[code]) for code in PAYMENT_CODES],
    )
    format = CodeListFilter(
        field_name="study_form", label="Форма обучения", choices=Program.StudyForm.choices
    )
    ovz = FlagFilter(label="Для детей с ОВЗ", condition=Q(is_ovz_adapted=True))
    rural = FlagFilter(label="В сельской местности", condition=Q(organization__locality="rural"))
    network = FlagFilter(label="Сетевая форма", condition=Q(is_network=True))
    open = FlagFilter(label="Идёт запись", condition=Q(enrollment_open=True))
    organization = django_filters.CharFilter(
        field_name="organization__slug", label="Организация", max_length=120
    )

    class Meta:
        model = Program
        fields = []

    def filter_search(self, qs, name, value):
        return search.filter_programs(qs, value[:MAX_QUERY_LENGTH])

    def filter_age(self, qs, name, value):
        if value is None:
            return qs
        age = int(value)
        return qs.filter(age_min__lte=age, age_max__gte=age)

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
    def search_query(self):
        return (self.cleaned.get("q") or "")[:MAX_QUERY_LENGTH]

    @property
    def is_filtered(self):
        return any(value not in (None, "", [], False) for value in self.cleaned.values())

"""The events list's GET parameters (a public interface: keep names and codes stable).

Like the catalogue, every parameter is lenient: a malformed month, an unknown type or an age
out of range is dropped and the other filters still apply, so a mistyped link never errs.
"""

import django_filters
from django.db.models import Q

from moc_portal.core.filtering import CodeListFilter, LenientFilterSet, MonthField, WordsFilter
from programs.selectors import direction_choices

from .models import Event


class MonthFilter(django_filters.Filter):
    field_class = MonthField

    def filter(self, qs, value):
        return qs.in_month(value) if value else qs


class EventFilter(LenientFilterSet):
    q = WordsFilter(label="Поиск")
    month = MonthFilter(label="Месяц")
    type = CodeListFilter(field_name="kind", label="Тип", choices=Event.Kind.choices)
    direction = CodeListFilter(
        field_name="direction__code", label="Направленность", choices=direction_choices
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

    def filter_age(self, qs, name, value):
        if value is None:
            return qs
        age = int(value)
        return qs.filter(
            Q(age_min__isnull=True) | Q(age_min__lte=age),
            Q(age_max__isnull=True) | Q(age_max__gte=age),
        )

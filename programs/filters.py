"""The public catalogue's GET parameters (an interface: keep names and codes stable).

Every parameter is lenient: a value that does not parse is dropped and the
other filters still apply, so a mistyped link never turns into an error page.
"""

from functools import cached_property

import django_filters
from django import forms
from django.db.models import Q

from moc_portal.core.filtering import (
    FLAG_OFF,
    FLAG_ON,
    CodeListFilter,
    FlagField,
    FlagFilter,
    LenientFilterSet,
    LenientMultipleChoiceField,
)
from moc_portal.core.geo import parse_point

from . import search
from .closed_lists import PAYMENT_CODES, PAYMENT_FIELDS, PAYMENT_LABELS
from .enrolment import full_certificate_condition, open_condition
from .models import Program, ScheduleSlot
from .selectors.closed_lists import direction_choices, level_choices, settlement_choices
from .selectors.places import in_settlements, program_distance

MAX_QUERY_LENGTH = 200
NOT_FILTERS = {"q", "as_written"}  # they change the search, not the selection
DAY_CHOICES = [(str(day), name) for day, name in ScheduleSlot.Weekday.choices]
MAX_RADIUS_KM = 500
SORT_CHOICES = [
    ("relevance", "по релевантности"),
    ("title", "по названию"),
    ("age", "по возрасту"),
    ("updated", "по дате обновления"),
    ("distance", "по расстоянию"),
]


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


class TodayFlagFilter(FlagFilter):
    """A flag whose condition depends on the day (`open=1`: the window includes today)."""

    def __init__(self, *args, condition_for_today, **kwargs):
        self.condition_for_today = condition_for_today
        super().__init__(*args, condition=None, **kwargs)

    def filter(self, qs, value):
        return qs.filter(self.condition_for_today()) if value else qs


def matching_slots(days=(), after=None, before=None):
    """Schedule slots on one of `days` (any day if none), starting at or after `after` and
    ending by `before`; None when no condition is given."""
    if not (days or after or before):
        return None
    slots = ScheduleSlot.objects.all()
    if days:
        slots = slots.filter(weekday__in=[int(day) for day in days])
    if after:
        slots = slots.filter(starts_at__gte=after)
    if before:
        slots = slots.filter(ends_at__lte=before)
    return slots


class DayFilter(CodeListFilter):
    """`day`, `after` and `before` read together: the program has one session on one of the
    days that starts at or after `after` and ends by `before` («Вт или Чт после 15:00»).
    This filter applies all three; the two times alone filter nothing by themselves."""

    def filter(self, qs, value):
        cleaned = self.parent.cleaned
        slots = matching_slots(value, cleaned.get("after"), cleaned.get("before"))
        return qs if slots is None else qs.filter(pk__in=slots.values("program_id"))


class TimeOfDayFilter(django_filters.TimeFilter):
    def filter(self, qs, value):
        return qs  # DayFilter applies it with the days


class SettlementFilter(CodeListFilter):
    def filter_codes(self, qs, codes):
        return qs.filter(in_settlements(codes))


class PointField(forms.Field):
    """`near=58.05,37.11` -> (latitude, longitude); anything else is an error (then ignored)."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return parse_point(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class NearFilter(django_filters.Filter):
    """`near=<lat>,<lon>`: selects nothing by itself; it gives the cards their distance and
    makes `sort=distance` and `km` possible."""

    field_class = PointField

    def filter(self, qs, value):
        return qs


class RadiusFilter(django_filters.NumberFilter):
    """`km=3` with `near`: programs within that many kilometres (their nearest place)."""

    def filter(self, qs, value):
        point = self.parent.cleaned.get("near")
        if value is None or point is None:
            return qs
        return qs.alias(near_km=program_distance(point)).filter(near_km__lte=float(value))


class AsWrittenFilter(django_filters.Filter):
    """`as_written=1`: search the query exactly as typed, without corrections (the link
    under «Показаны результаты по запросу …»). It changes how `q` is read, filters nothing."""

    field_class = FlagField

    def filter(self, qs, value):
        return qs


class ProgramFilter(LenientFilterSet):
    q = django_filters.CharFilter(
        label="Поиск", method="filter_search", max_length=None, strip=True
    )
    direction = CodeListFilter(
        field_name="direction__code", label="Направленность", choices=direction_choices
    )
    level = LevelFilter(label="Уровень", choices=level_choices)
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
    open = TodayFlagFilter(label="Идёт запись", condition_for_today=open_condition)
    certificate = TodayFlagFilter(
        label="Полностью по сертификату", condition_for_today=full_certificate_condition
    )
    day = DayFilter(label="Дни занятий", choices=DAY_CHOICES)
    after = TimeOfDayFilter(label="Начало не раньше")
    before = TimeOfDayFilter(label="Окончание не позже")
    settlement = SettlementFilter(label="Населённый пункт", choices=settlement_choices)
    near = NearFilter(label="Рядом с точкой")
    km = RadiusFilter(label="Не дальше, км", min_value=0.1, max_value=MAX_RADIUS_KM)
    organization = django_filters.CharFilter(
        field_name="organization__slug", label="Организация", max_length=120
    )
    as_written = AsWrittenFilter(label="Искать как написано")

    class Meta:
        model = Program
        fields = []

    def filter_search(self, qs, name, value):
        return search.filter_programs(qs, self.search_plan)

    def filter_age(self, qs, name, value):
        if value is None:
            return qs
        age = int(value)
        return qs.filter(age_min__lte=age, age_max__gte=age)

    @property
    def search_query(self):
        return (self.cleaned.get("q") or "")[:MAX_QUERY_LENGTH]

    @cached_property
    def search_plan(self):
        return search.interpret(self.search_query, as_written=bool(self.cleaned.get("as_written")))

    @property
    def active_filter_count(self):
        """How many filters other than the search are set (shown on the «Фильтры» button)."""
        return sum(
            len(value) if isinstance(value, list) else 1
            for name, value in self.cleaned.items()
            if name not in NOT_FILTERS and value not in (None, "", [], False)
        )

    @property
    def ignored(self):
        """[(label, value), …] of parameters given but not applied (`age=abc`, `age=100`,
        `direction=bogus`), so the page can say so instead of silently showing everything."""
        cleaned = self.cleaned
        ignored = []
        for name, field in self.form.fields.items():
            raw = (
                self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data.get(name)]
            )
            raw = [str(value).strip() for value in raw if value is not None]
            raw = [value for value in raw if value]
            if not raw:
                continue
            label = self.filters[name].label
            if name in self.form.errors:
                ignored += [(label, value) for value in raw]
            elif isinstance(field, LenientMultipleChoiceField):
                kept = set(cleaned.get(name) or [])
                ignored += [(label, value) for value in raw if value not in kept]
            elif isinstance(field, FlagField):
                ignored += [
                    (label, value) for value in raw if value.lower() not in FLAG_ON | FLAG_OFF
                ]
        return ignored

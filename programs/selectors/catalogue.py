"""The public catalogue: one page of programs with facet counts, in a fixed number of queries.

Queries per page, whatever the number of programs:
1. directions and levels (cached; one UNION query when the cache is cold);
2. per direction: the programs matching every filter but direction/payment, with
   conditional counts per payment option — this gives the direction facet, the
   payment facet and the total found (every program has exactly one direction);
3. one UNION: per level, the programs matching every filter but level; per weekday, those
   matching every filter but the schedule's, with a session that day in the hours asked;
   per settlement, those matching every filter but settlement (by place, and by organization
   for programs without places);
4. the page itself, with its schedule (joined text), distance and map point as subqueries;
5. the levels of the programs on it.
A search reads the search vocabulary from the cache; on a cold cache it comes in query 1.
Queries 2 and 3 are kept in the cache per filter combination until public content changes
(the page cache's generation), so paging through a selection or changing only the facet
a count ignores costs two queries.
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    CharField,
    Count,
    F,
    IntegerField,
    Max,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Cast

from moc_portal.core.cache import cached
from moc_portal.core.filtering import FacetGroup
from moc_portal.core.page_cache import generation
from moc_portal.core.pagination import KnownCountPaginator
from moc_portal.models import SiteSettings

from .. import search
from ..closed_lists import PAYMENT_CODES, PAYMENT_FIELDS, PAYMENT_LABELS
from ..enrolment import full_certificate_condition, open_condition, today
from ..filters import ProgramFilter, matching_slots, payment_condition
from ..models import TITLE_ORDER, Organization, Program, ScheduleSlot
from ..search_vocabulary import load_search_vocabulary
from .closed_lists import load_closed_lists
from .places import PLACE_LINKS, program_distance, with_map_point

PAGE_SIZE = 20
DAY_NAMES = [(str(day), name) for day, name in ScheduleSlot.Weekday.choices]
FLAG_FILTERS = ("open", "certificate", "ovz", "rural", "network")
# Flags whose count is shown beside them (counted in the direction query, no query more).
COUNTED_FLAGS = {"open": open_condition, "certificate": full_certificate_condition}
SORT_ORDERS = {
    "title": (TITLE_ORDER, "id"),
    "age": ("age_min", "age_max", TITLE_ORDER, "id"),
    "updated": ("-updated_at", "id"),
}


@dataclass
class CatalogueResult:
    filterset: ProgramFilter
    page: object
    total: int
    sort: str
    facets: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)
    flag_counts: dict = field(default_factory=dict)

    @property
    def search(self):
        """How the query was read (corrections, layout), for the notice above the results."""
        return self.filterset.search_plan

    @property
    def ignored(self):
        return self.filterset.ignored

    @property
    def active_filter_count(self):
        return self.filterset.active_filter_count

    @property
    def flags(self):
        """The on/off filters: (name, label, whether it is on, its count or None)."""
        cleaned = self.filterset.cleaned
        return [
            (
                name,
                self.filterset.filters[name].label,
                bool(cleaned.get(name)),
                self.flag_counts.get(name),
            )
            for name in FLAG_FILTERS
        ]


def build_filterset(params):
    return ProgramFilter(params, queryset=Program.objects.public())


def parse_sort(params, filterset):
    sort = params.get("sort")
    near = filterset.cleaned.get("near")
    if sort == "distance" and near is None:
        sort = None
    if sort not in {"relevance", "distance", *SORT_ORDERS}:
        sort = "relevance" if filterset.search_query else "title"
    return sort


def ordered(qs, sort, filterset):
    if sort == "relevance":
        return search.order_by_relevance(qs, filterset.search_plan)
    if sort == "distance":
        # Programs without coordinates last; the title and id keep pages stable.
        return qs.order_by(F("distance").asc(nulls_last=True), TITLE_ORDER, "id")
    return qs.order_by(*SORT_ORDERS[sort])


def with_distance(qs, filterset):
    point = filterset.cleaned.get("near")
    return qs if point is None else qs.annotate(distance=program_distance(point))


def browse(params):
    if params.get("q"):
        # First: on a cold cache this one query also brings the directions and levels.
        load_search_vocabulary()
    filterset = build_filterset(params)
    cleaned = filterset.cleaned
    lists = load_closed_lists()
    selected_directions = set(cleaned.get("direction") or [])
    selected_payments = cleaned.get("payment") or []

    direction_rows = _kept_counts(
        "direction",
        filterset,
        ignoring=("direction", "payment"),
        also=selected_payments,
        count=lambda: _count_by_direction(filterset, selected_payments),
    )
    direction_ids = {d.id for d in lists["direction"] if d.code in selected_directions}
    in_selection = [
        row for row in direction_rows if not direction_ids or row["direction_id"] in direction_ids
    ]
    total = sum(row["matching"] for row in in_selection)
    flag_counts = {name: sum(row[f"flag_{name}"] for row in in_selection) for name in COUNTED_FLAGS}
    matching_by_direction = {row["direction_id"]: row["matching"] for row in direction_rows}
    # Each part of the UNION leaves out its own filter; the key keeps every filter.
    counts = _kept_counts("facets", filterset, ignoring=(), count=lambda: _count_facets(filterset))
    level_counts = counts["level"]

    facets = [
        FacetGroup.of(
            "direction",
            "Направленность",
            ((d.code, d.name, matching_by_direction.get(d.id, 0)) for d in lists["direction"]),
            selected_directions,
        ),
        FacetGroup.of(
            "level",
            "Уровень",
            ((lvl.code, lvl.name, level_counts.get(lvl.id, 0)) for lvl in lists["level"]),
            cleaned.get("level"),
        ),
        FacetGroup.of(
            "day",
            "Дни занятий",
            ((code, name, counts["day"].get(int(code), 0)) for code, name in DAY_NAMES),
            cleaned.get("day"),
        ),
        FacetGroup.of(
            "payment",
            "Оплата",
            (
                (code, PAYMENT_LABELS[code], sum(row[code] for row in in_selection))
                for code in PAYMENT_CODES
            ),
            selected_payments,
        ),
    ]
    settlements = [s for s in lists["settlement"] if counts["settlement"].get(s.id)]
    selected_settlements = cleaned.get("settlement") or []
    if settlements or selected_settlements:
        facets.append(
            FacetGroup.of(
                "settlement",
                "Населённый пункт",
                (
                    (s.slug, s.name, counts["settlement"].get(s.id, 0))
                    for s in lists["settlement"]
                    if counts["settlement"].get(s.id) or s.slug in selected_settlements
                ),
                selected_settlements,
            )
        )

    sort = parse_sort(params, filterset)
    programs = with_distance(filterset.qs.for_listing(), filterset)
    programs = with_map_point(programs, cleaned.get("near")).with_schedule_text()
    programs = ordered(programs, sort, filterset)
    paginator = KnownCountPaginator(programs, PAGE_SIZE, total)
    page = paginator.get_page(params.get("page"))
    plan = filterset.search_plan
    suggestions = plan.suggestions() if plan and not total else []
    return CatalogueResult(
        filterset=filterset,
        page=page,
        total=total,
        sort=sort,
        facets=facets,
        suggestions=suggestions,
        flag_counts=flag_counts,
    )


def _kept_counts(name, filterset, *, ignoring, count, also=()):
    """`count()`, kept per the filters it depends on while public content is unchanged."""
    seconds = settings.PAGE_CACHE_SECONDS
    if not seconds:
        return count()
    depends_on = sorted(
        (key, value)
        for key, value in filterset.cleaned.items()
        if key not in ignoring and value not in (None, "", [], False)
    )
    # The day too: «Идёт запись» is counted by the enrolment windows around today.
    digest = hashlib.sha256(repr((depends_on, sorted(also), today())).encode()).hexdigest()
    return cached(f"facets:{name}:{generation()}:{digest}", seconds, count)


def _count_by_direction(filterset, selected_payments):
    matching = (
        Count("id", filter=payment_condition(selected_payments))
        if selected_payments
        else Count("id")
    )
    per_payment = {
        code: Count("id", filter=Q(**{PAYMENT_FIELDS[code]: True})) for code in PAYMENT_CODES
    }
    # How many of the matching programs each counted flag would keep (with the selected
    # payments): the number beside «Идёт запись» and «Полностью по сертификату».
    chosen = payment_condition(selected_payments) if selected_payments else Q()
    per_flag = {
        f"flag_{name}": Count("id", filter=condition() & chosen)
        for name, condition in COUNTED_FLAGS.items()
    }
    return list(
        filterset.filter_excluding("direction", "payment")
        .order_by()
        .values("direction_id")
        .annotate(matching=matching, **per_payment, **per_flag)
    )


def _count_facets(filterset):
    """{"level": {id: n}, "day": {weekday: n}, "settlement": {id: n}} in one UNION query."""
    cleaned = filterset.cleaned

    def part(kind, queryset, key, count):
        return (
            queryset.order_by()
            .annotate(kind=Value(kind, output_field=CharField()), key=Cast(key, IntegerField()))
            .values_list("kind", "key")
            .annotate(count=count)
        )

    by_level = filterset.filter_excluding("level").order_by().values("pk")
    by_day = filterset.filter_excluding("day", "after", "before").order_by().values("pk")
    by_settlement = filterset.filter_excluding("settlement")
    slots = matching_slots((), cleaned.get("after"), cleaned.get("before"))
    slots = ScheduleSlot.objects.all() if slots is None else slots
    parts = [
        part(
            "level",
            Program.levels.through.objects.filter(program_id__in=by_level),
            F("level_id"),
            Count("program_id"),
        ),
        part(
            "day",
            slots.filter(program_id__in=by_day),
            F("weekday"),
            Count("program_id", distinct=True),
        ),
        part(
            "place",
            PLACE_LINKS.objects.filter(
                program_id__in=by_settlement.order_by().values("pk"),
                place__settlement__isnull=False,
            ),
            F("place__settlement_id"),
            Count("program_id", distinct=True),
        ),
        part(
            "organization",
            by_settlement.filter(organization__settlement__isnull=False).exclude(
                pk__in=PLACE_LINKS.objects.values("program_id")
            ),
            F("organization__settlement_id"),
            Count("id"),
        ),
    ]
    counts = {"level": {}, "day": {}, "settlement": {}}
    for kind, key, count in parts[0].union(*parts[1:], all=True):
        if kind in ("place", "organization"):
            counts["settlement"][key] = counts["settlement"].get(key, 0) + count
        else:
            counts[kind][key] = count
    return counts


def matching_programs(params):
    """Every public program matching the catalogue parameters, for the open-data exports."""
    filterset = build_filterset(params)
    sort = parse_sort(params, filterset)
    return ordered(filterset.qs.for_listing(), sort, filterset)


def export_parameters(params):
    """What an export of `params` selects and in which order, written one way: two addresses
    that export the same programs give equal values (unknown parameters, pages and values that
    do not parse are left out; repeated codes are sorted)."""
    filterset = build_filterset(params)
    filters = {
        name: sorted(value) if isinstance(value, list) else str(value)
        for name, value in filterset.cleaned.items()
        if value not in (None, "", [], False)
    }
    return {"filters": filters, "sort": parse_sort(params, filterset)}


def content_version():
    """A value that changes whenever what the exports show may have changed: a program or an
    organization saved, added, removed or changed in bulk (every write path sets `updated_at`),
    a closed-list name (направленность, level) changed, the Навигатор's address changed. Two
    small aggregate queries; the closed lists and the site settings come from the cache."""
    programs = Program.objects.aggregate(count=Count("id"), ids=Sum("id"), latest=Max("updated_at"))
    organizations = Organization.objects.aggregate(
        count=Count("id"), ids=Sum("id"), latest=Max("updated_at")
    )
    closed_lists = {
        kind: [(getattr(item, "code", None) or item.slug, item.name) for item in items]
        for kind, items in load_closed_lists().items()
    }
    return repr(
        (
            sorted(programs.items()),
            sorted(organizations.items()),
            sorted(closed_lists.items()),
            SiteSettings.load().navigator_base_url,
        )
    )

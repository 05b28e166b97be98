"""What the API exports of each app: the public set (the app's own selector), when an object's
exported data last changed, the app's FilterSet for the query parameters, and the joins.

`changed_at` is the `updated_at` the API shows. It is the latest of the object's own
`updated_at` and that of the rows its exported fields come from (an organization's name is
part of its programs, events and practices), computed in the query: a rename or a
deactivation in any write path (admin, import, bulk action) reaches every dependant without a
write to it. A program's places and closed-list names (направленность, levels, kinds of
disability) are the exception: the catalogue moves the `updated_at` of the programs that show
them when they change (programs.program_changes), since an aggregate over them would slow
every page. A news item dated ahead becomes visible at its date: that moment is its change.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from best_practices.filters import PracticeFilter
from best_practices.models import Practice, PracticeMaterial
from events.filters import EventFilter
from events.models import Document, Event, NewsItem
from programs.filters import ProgramFilter
from programs.models import Organization, Program


def _own_updated_at():
    return F("updated_at")


def _no_joins(qs):
    return qs


@dataclass(frozen=True)
class Source:
    kind: str  # the resource's name in the URL and in deletion markers: "programs"
    model: type
    public: Callable  # () -> the public queryset, as the site shows it
    # () -> expression: when the exported data last changed (by default the row's own time)
    changed_at: Callable = _own_updated_at
    joins: Callable = _no_joins  # queryset -> queryset with what the serializer reads joined
    filterset: type | None = None


def _with_organization(field):
    return lambda: Greatest("updated_at", Coalesce(f"{field}__updated_at", "updated_at"))


def _news_changed_at():
    return Greatest("updated_at", Least("published_at", timezone.now()))


def _programs(qs):
    return qs.select_related("organization", "direction").prefetch_related(
        "levels", "disability_types", "schedule_slots", "places"
    )


def _practices(qs):
    materials = PracticeMaterial.objects.order_by("order", "id")
    return qs.select_related("direction", "organization").prefetch_related(
        Prefetch("materials", queryset=materials)
    )


SOURCES = {
    source.kind: source
    for source in [
        Source(
            kind="organizations",
            model=Organization,
            public=lambda: Organization.objects.filter(is_active=True),
        ),
        Source(
            kind="programs",
            model=Program,
            public=lambda: Program.objects.public(),
            changed_at=_with_organization("organization"),
            joins=_programs,
            filterset=ProgramFilter,
        ),
        Source(
            kind="events",
            model=Event,
            public=lambda: Event.objects.public(),
            changed_at=_with_organization("organizer"),
            joins=lambda qs: qs.select_related("direction", "organizer"),
            filterset=EventFilter,
        ),
        Source(
            kind="news",
            model=NewsItem,
            public=lambda: NewsItem.objects.public(),
            changed_at=_news_changed_at,
        ),
        Source(
            kind="documents",
            model=Document,
            public=lambda: Document.objects.public(),
        ),
        Source(
            kind="practices",
            model=Practice,
            public=lambda: Practice.objects.public(),
            changed_at=_with_organization("organization"),
            joins=_practices,
            filterset=PracticeFilter,
        ),
    ]
}

KIND_OF_MODEL = {source.model: source.kind for source in SOURCES.values()}


def is_public_condition(source):
    return Q(pk__in=source.public().values("pk"))

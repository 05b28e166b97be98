"""Reads: the public lists and what the home page and other apps show of this app.

Each list page costs a fixed number of queries, whatever the number of rows: the type
counts (which also give the total found), the page's rows with their direction and
organizer joined, and the directions (cached closed list).
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from moc_portal.core.filtering import FacetGroup
from moc_portal.core.pagination import KnownCountPaginator
from programs.selectors import directions

from .filters import EventFilter
from .models import Document, Event, NewsItem

EVENTS_PAGE_SIZE = 20
NEWS_PAGE_SIZE = 12


@dataclass
class EventListResult:
    filterset: EventFilter
    page: object
    total: int
    past: bool
    types: FacetGroup | None = None
    directions: list = field(default_factory=list)


def browse_events(params, *, past=False, today=None):
    """One page of upcoming (soonest first) or past (latest first) public events."""
    today = today or timezone.localdate()
    base = Event.objects.public()
    base = base.past(today) if past else base.upcoming(today)
    filterset = EventFilter(params, queryset=base)
    cleaned = filterset.cleaned
    selected_types = cleaned.get("type") or []

    rows = filterset.filter_excluding("type").order_by().values("kind").annotate(n=Count("id"))
    by_kind = {row["kind"]: row["n"] for row in rows}
    types = FacetGroup.of(
        "type",
        "Тип",
        ((code, name, by_kind.get(code, 0)) for code, name in Event.Kind.choices),
        selected_types,
    )
    total = sum(value.count for value in types.values if not selected_types or value.selected)

    events = filterset.qs.for_listing()
    events = events.latest_first() if past else events.soonest_first()
    paginator = KnownCountPaginator(events, EVENTS_PAGE_SIZE, total)
    page = paginator.get_page(params.get("page"))
    return EventListResult(
        filterset=filterset,
        page=page,
        total=total,
        past=past,
        types=types,
        directions=directions(),
    )


def calendar_events(params, *, today=None):
    """Every upcoming public event matching the list's filters, for the iCalendar feed."""
    base = Event.objects.public().upcoming(today)
    return EventFilter(params, queryset=base).qs.for_listing().soonest_first()


def public_event(slug):
    """The event page: published events, and for the others None (the view says 404)."""
    return Event.objects.public().for_listing().filter(slug=slug).first()


def next_events(count=3):
    return list(Event.objects.public().upcoming().for_listing().soonest_first()[:count])


def latest_news(count=3):
    return list(NewsItem.objects.public().latest_first()[:count])


def news_page(params):
    news = NewsItem.objects.public().latest_first()
    total = news.count()
    paginator = KnownCountPaginator(news, NEWS_PAGE_SIZE, total)
    return paginator.get_page(params.get("page"))


def public_news_item(slug):
    return NewsItem.objects.public().filter(slug=slug).first()


@dataclass
class DocumentSection:
    code: str
    name: str
    documents: list


def documents_by_category():
    """Published documents grouped by category in the closed list's order, newest first."""
    grouped = {code: [] for code, _ in Document.Category.choices}
    for document in Document.objects.public().newest_first():
        grouped[document.category].append(document)
    return [
        DocumentSection(code, name, grouped[code])
        for code, name in Document.Category.choices
        if grouped[code]
    ]


def founding_documents():
    """The МОЦ's положение and the приказ о его создании, newest of each, for the about page."""
    public = Document.objects.public().newest_first()
    regulations = public.filter(category=Document.Category.REGULATIONS).first()
    order = public.filter(category=Document.Category.NORMATIVE, title__contains="создании").first()
    return [document for document in (regulations, order) if document]

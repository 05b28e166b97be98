"""Reads of consultations: the public «Вопросы и ответы», the queue, an organization's own."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count

from moc_portal.core.cache import cache_delete, cached
from moc_portal.core.pagination import KnownCountPaginator

from . import search
from .models import Consultation

PAGE_SIZE = 20
VOCABULARY_KEY = "consultations:vocabulary:v1"
VOCABULARY_SECONDS = 24 * 60 * 60
MAX_QUERY_LENGTH = 200


def vocabulary():
    """The words of the published entries (one query on a cold cache, none after)."""

    def read():
        texts = Consultation.objects.public().values_list("search_text", flat=True)
        return dict(search.count_words(texts.iterator(chunk_size=500)))

    return search.Vocabulary(cached(VOCABULARY_KEY, VOCABULARY_SECONDS, read))


def forget_vocabulary():
    cache_delete(VOCABULARY_KEY)
    transaction.on_commit(lambda: cache_delete(VOCABULARY_KEY))


@dataclass
class KnowledgeBase:
    query: str
    plan: object
    page: object
    total: int


def browse(params):
    """The public «Вопросы и ответы»: newest first, filtered by the search words."""
    query = " ".join((params.get("q") or "").split())[:MAX_QUERY_LENGTH]
    entries = Consultation.objects.public()
    plan = search.interpret(query, vocabulary()) if query else search.Plan(query="")
    if plan:
        entries = search.filter_entries(entries, plan)
    entries = entries.only(
        "id", "topic", "public_question", "public_answer", "published_at"
    ).order_by("-published_at", "-id")
    total = entries.count()
    page = KnownCountPaginator(entries, PAGE_SIZE, total).get_page(params.get("page"))
    return KnowledgeBase(query=query, plan=plan, page=page, total=total)


def public_entry(pk):
    return (
        Consultation.objects.public()
        .only("id", "topic", "public_question", "public_answer", "published_at")
        .filter(pk=pk)
        .first()
    )


def visible_to(organizations):
    """Consultations of the given organizations (None: all), newest first, for lists."""
    queryset = Consultation.objects.for_queue()
    if organizations is not None:
        queryset = queryset.of_organizations(organizations)
    return queryset.order_by("-created_at", "-id")


def consultation_for(organizations, pk):
    """One consultation with its attachments if it belongs to the organizations, else None."""
    return visible_to(organizations).prefetch_related("attachments").filter(pk=pk).first()


def waiting_count(organizations=None):
    queryset = Consultation.objects.waiting()
    if organizations is not None:
        queryset = queryset.of_organizations(organizations)
    return queryset.count()


def answered_by_month(month):
    """{organization id: consultations answered in `month`} (a core.months.Month), for
    monitoring."""
    rows = (
        Consultation.objects.filter(
            answered_at__date__gte=month.first_day, answered_at__date__lte=month.last_day
        )
        .order_by()
        .values_list("organization_id")
        .annotate(total=Count("id"))
    )
    return dict(rows)

"""Catalogue search on both backends.

SQLite: every word of the query must occur in the normalized search text
(lower-cased, ё→е), because SQLite's LIKE folds neither Cyrillic case nor ё.
PostgreSQL: full-text search with the `russian` configuration (word forms)
OR trigram word similarity (typos), ranked by both; migration 0002 builds
the GIN indexes for exactly these expressions.
"""

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When

from .text import normalize_search_text

MAX_WORDS = 12


def _uses_postgres():
    return connection.vendor == "postgresql"


def _words(query):
    return normalize_search_text(query).split()[:MAX_WORDS]


def _document():
    return SearchVector("search_text", config="russian")


def _query(text):
    return SearchQuery(text, config="russian", search_type="websearch")


def filter_programs(qs, query):
    words = _words(query)
    if not words:
        return qs
    text = " ".join(words)
    if _uses_postgres():
        return qs.alias(search_document=_document()).filter(
            Q(search_document=_query(text)) | Q(search_text__trigram_word_similar=text)
        )
    for word in words:
        qs = qs.filter(search_text__contains=word)
    return qs


def order_by_relevance(qs, query):
    """Most relevant first; ties by title."""
    words = _words(query)
    if not words:
        return qs.order_by("title", "id")
    text = " ".join(words)
    if _uses_postgres():
        relevance = SearchRank(_document(), _query(text)) + TrigramWordSimilarity(
            text, "search_text"
        )
    else:
        # The search text starts with the title: a title that begins with the
        # query is the best match SQLite can tell without ranking functions.
        relevance = Case(
            When(search_text__startswith=text, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return qs.alias(relevance=relevance).order_by(F("relevance").desc(), "title", "id")

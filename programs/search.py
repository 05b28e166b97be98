"""Catalogue search: the same results on SQLite and PostgreSQL for the same data.

A query is first *interpreted* in Python against the search vocabulary (programs.
search_vocabulary), then *matched* with plain SQL both backends run alike:

- every word is cut to its Snowball Russian stem (the algorithm of PostgreSQL's `russian`
  configuration), and a program matches the word when a word of its search text starts with
  that stem: «танцы» (stem «танц») finds «танцы», «танцевальный», «танцор»;
- a word the catalogue does not know is corrected to the nearest catalogue word (one edit —
  a wrong, missing or extra letter, or two neighbouring letters swapped — two for words of
  nine letters or more);
- a word typed with the Latin layout switched on («ghjuhfvvbhjdfybt») is read as the Russian
  keys it was typed on, when that gives catalogue words;
- stop words («для», «и») are left out, as PostgreSQL's full-text search leaves them out;
- a word the methodists gave related words (programs.RelatedWords: «рисование» → «рисунок,
  живопись, изо») also finds programs with any of those words, in any form;
- a word of up to three letters matches whole words only: «изо» is not the start of
  «изобретатель» (the related words say which longer words it means: «изостудия»).

Program.search_text is « title words | other words »; a condition `contains(" " + stem)`
finds a word start, and PostgreSQL serves it from the trigram GIN index (migration 0002).
Relevance: a word in the title above a word elsewhere, the exact word above another form
of it, a word as typed above a corrected one; then the title in ё-as-е order.
"""

from dataclasses import dataclass, field

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan, LessThan

from moc_portal.core.search_text import (
    TITLE_SEPARATOR,
    contains_word,
    from_latin_layout,
    looks_typed_in_latin_layout,
    max_edits,
    meaningful_words,
    stem,
)

from .models import TITLE_ORDER
from .search_vocabulary import load_search_vocabulary

MAX_WORDS = 12


@dataclass
class QueryWord:
    typed: str  # the word as the person typed it (normalized)
    used: str  # the word searched for
    corrected: bool = False  # `used` is the nearest catalogue word to what was typed
    layout: bool = False  # typed with the Latin layout on; `used` is what the keys mean
    related: list = field(default_factory=list)  # other words that count as this one

    @property
    def stem(self):
        return stem(self.used)

    @property
    def weight(self):
        return 1 if self.corrected else 2


@dataclass
class SearchPlan:
    """What a query means to the search, and what the page should tell about it."""

    query: str
    words: list = field(default_factory=list)
    as_written: bool = False

    def __bool__(self):
        return bool(self.words)

    @property
    def changed(self):
        return any(word.corrected or word.layout for word in self.words)

    @property
    def layout_converted(self):
        return any(word.layout for word in self.words)

    @property
    def searched_text(self):
        return " ".join(word.used for word in self.words)

    def suggestions(self, limit=3):
        """Nearby catalogue words for each word of a query that found nothing, as whole
        queries to try: [(query, word suggested), …]."""
        vocabulary = load_search_vocabulary()
        found = []
        for index, word in enumerate(self.words):
            for candidate in vocabulary.nearest(word.used, max(2, max_edits(word.used)), limit):
                if candidate == word.used:
                    continue
                others = [w.used for w in self.words]
                others[index] = candidate
                found.append((" ".join(others), candidate))
        return found[:limit]


def interpret(query, as_written=False):
    """Read a query as the search will run it (see the module docstring)."""
    plan = SearchPlan(query=query, as_written=as_written)
    if as_written:
        plan.words = [QueryWord(word, word) for word in meaningful_words(query)][:MAX_WORDS]
        return plan
    if not query.split():
        # No search: the vocabulary is not read (on a cold cache that would be a query more).
        return plan
    vocabulary = load_search_vocabulary()
    for token in query.split():
        if len(plan.words) >= MAX_WORDS:
            break
        typed = meaningful_words(token)
        resolved = [_with_related(word, vocabulary) for word in typed]
        if looks_typed_in_latin_layout(token) and not all(word for word in resolved):
            converted = _converted_layout(token, vocabulary)
            if converted:
                plan.words += converted
                continue
        plan.words += [
            word or QueryWord(typing, typing) for typing, word in zip(typed, resolved, strict=True)
        ]
    plan.words = plan.words[:MAX_WORDS]
    return plan


def _with_related(word, vocabulary):
    """The word with the related words methodists gave it, else the word resolved."""
    related = vocabulary.related_to(word)
    if related:
        return QueryWord(word, word, related=related)
    return _resolve(word, vocabulary)


def _resolve(word, vocabulary):
    """The word itself if the catalogue knows it, else its correction, else None."""
    if vocabulary.knows(word):
        return QueryWord(word, word)
    correction = vocabulary.nearest(word, max_edits(word))
    return QueryWord(word, correction[0], corrected=True) if correction else None


def _converted_layout(token, vocabulary):
    """The words of `token` as typed in the Russian layout, each known to the catalogue or
    corrected to a catalogue word; None if some word is neither («lego» stays «lego»)."""
    converted = [_resolve(word, vocabulary) for word in meaningful_words(from_latin_layout(token))]
    if not converted or not all(converted):
        return None
    for word in converted:
        word.typed, word.layout = token.lower(), True
    return converted


def filter_programs(qs, plan):
    """Programs whose search text has every word of the plan (as a word start)."""
    for word in plan.words:
        condition = contains_word(word.used)
        for related in word.related:
            condition |= contains_word(related)
        qs = qs.filter(condition)
    return qs


def order_by_relevance(qs, plan):
    """Most relevant first; ties in title order."""
    if not plan:
        return qs.order_by(TITLE_ORDER, "id")
    title_end = StrIndex("search_text", Value(f" {TITLE_SEPARATOR} "))
    relevance = Value(0)
    for word in plan.words:
        exact_at = StrIndex("search_text", Value(f" {word.used} "))
        stem_at = StrIndex("search_text", Value(f" {word.stem}"))
        # StrIndex gives the first occurrence, and the title comes first in the search text.
        score = Case(
            When(_before(exact_at, title_end), then=Value(8 * word.weight)),
            When(_before(stem_at, title_end), then=Value(6 * word.weight)),
            When(GreaterThan(exact_at, 0), then=Value(3 * word.weight)),
            default=Value(2 * word.weight),
            output_field=IntegerField(),
        )
        relevance = relevance + score
    return qs.alias(relevance=relevance).order_by(F("relevance").desc(), TITLE_ORDER, "id")


def _before(position, title_end):
    return Q(GreaterThan(position, 0)) & Q(LessThan(position, title_end))

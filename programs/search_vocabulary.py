"""The search vocabulary: every word of the public catalogue, kept in step with it.

A query word is corrected only against words that exist in public programs' titles,
annotations and organization names, so a correction always finds something. The words live
in the SearchWord table with the number of public programs using each; whatever changes
which programs are public or what they say runs inside `kept_in_step()`, which counts the
words of the affected programs before and after and applies the difference. That is
correct for any change to any set of programs, with no rule per field to forget;
`rebuild_search_vocabulary()` (the management command) recomputes the table from scratch.

Pages read the vocabulary from the cache, and each process keeps the last version it built
in memory: a search costs one small cache read, not a query.
"""

import uuid
from bisect import bisect_left
from collections import Counter, defaultdict
from contextlib import contextmanager
from itertools import islice

from django.db import transaction
from django.db.models import CharField, F, IntegerField, Value
from django.db.models.functions import Greatest

from moc_portal.core.cache import cache_delete, cache_get, cache_get_many, cache_set_many
from moc_portal.core.search_text import meaningful_words, nearest_words, stem, words

from .models import Program, RelatedWords, SearchWord
from .selectors.closed_lists import CACHE_KEY as CLOSED_LISTS_KEY
from .selectors.closed_lists import closed_lists_with

MAX_WORD_LENGTH = 60  # SearchWord.word.max_length; longer "words" are not words
TOKEN_KEY = "programs:search-words:v3:token"
ROWS_KEY = "programs:search-words:v3:rows:{token}"
# Rows of RelatedWords travel in the same query and cache entry as the words, marked by this
# count: (word, "related, words", RELATED).
RELATED = -1
CACHE_SECONDS = 24 * 60 * 60
CHUNK = 500


class SearchVocabulary:
    """The words of the public catalogue with the number of programs using each."""

    def __init__(self, rows):
        """rows: [(word, stem, number of programs), …] and [(word, related words, RELATED), …]"""
        related = [row for row in rows if row[2] == RELATED]
        rows = [row for row in rows if row[2] != RELATED]
        self.frequency = {word: programs for word, _stem, programs in rows}
        self.stems = {word_stem for _word, word_stem, _programs in rows}
        self.words = sorted(self.frequency)
        self.related = {
            stem(word): [each for item in text.split(",") for each in words(item)]
            for word, text, _marker in related
        }

    def related_to(self, word):
        """The related words a methodist listed for `word` or another form of it."""
        return self.related.get(stem(word), [])

    def __len__(self):
        return len(self.words)

    def knows(self, word):
        """Whether `word` is a form of a catalogue word (the same stem) or the start of one.

        Not merely "its stem starts a catalogue word": «елая» (stem «ел») is a typo of
        «белая», though «елка» starts with «ел».
        """
        if stem(word) in self.stems:
            return True
        index = bisect_left(self.words, word)
        return index < len(self.words) and self.words[index].startswith(word)

    def nearest(self, word, max_distance, limit=1):
        """Catalogue words within `max_distance` edits of `word` (optimal string alignment:
        a wrong, missing or extra letter, or two neighbouring letters swapped, count one edit),
        nearest first, then the most used."""
        return nearest_words(word, self.words, max_distance, limit, self.frequency)


_built = {}  # token -> SearchVocabulary, this process's copy of the cached version


def load_search_vocabulary():
    """The current vocabulary: from this process's memory, the cache, or one query.

    On a cold cache the query also brings the directions and levels the catalogue page
    needs, so a cold search page costs no more queries than a cold page without search.
    """
    cached = cache_get_many([TOKEN_KEY, CLOSED_LISTS_KEY])
    token = cached.get(TOKEN_KEY)
    if token in _built:
        return _built[token]
    rows = cache_get(ROWS_KEY.format(token=token)) if token else None
    if rows is None:
        fresh_lists = CLOSED_LISTS_KEY in cached
        rows = _read_words() if fresh_lists else _read_with_directions_and_levels()
        token = uuid.uuid4().hex
        cache_set_many({ROWS_KEY.format(token=token): rows, TOKEN_KEY: token}, CACHE_SECONDS)
    vocabulary = SearchVocabulary(rows)
    _built.clear()
    _built[token] = vocabulary
    return vocabulary


def _read_words():
    catalogue_words = SearchWord.objects.order_by().values_list("word", "stem", "programs")
    related = (
        RelatedWords.objects.order_by()
        .annotate(marker=Value(RELATED, output_field=IntegerField()))
        .values_list("word", "related", "marker")
    )
    return list(catalogue_words.union(related, all=True))


def _read_with_directions_and_levels():
    catalogue_words = (
        SearchWord.objects.order_by()
        .annotate(kind=Value("word", output_field=CharField()))
        .values_list("kind", "id", "word", "stem", "programs")
    )
    related = (
        RelatedWords.objects.order_by()
        .annotate(
            kind=Value("related", output_field=CharField()),
            marker=Value(RELATED, output_field=IntegerField()),
        )
        .values_list("kind", "id", "word", "related", "marker")
    )
    _, rows = closed_lists_with(catalogue_words, related)
    return [(word, word_stem, programs) for _kind, _id, word, word_stem, programs in rows]


def forget_search_vocabulary():
    cache_delete(TOKEN_KEY)


# --- keeping the table in step ------------------------------------------------------------


def words_of(search_text):
    return {word for word in meaningful_words(search_text) if len(word) <= MAX_WORD_LENGTH}


def count_words(programs):
    """How many of the public programs among `programs` use each word."""
    counter = Counter()
    texts = programs.public().order_by().values_list("search_text", flat=True)
    for text in texts.iterator(chunk_size=2000):
        counter.update(words_of(text))
    return counter


@contextmanager
def kept_in_step(programs):
    """Run a change to `programs` (a queryset, or a function returning one after the change)
    and update the vocabulary by the difference in their words, in the same transaction."""
    select = programs if callable(programs) else (lambda: programs)
    with transaction.atomic():
        before = count_words(select())
        yield
        after = count_words(select())
        apply_change(before, after)


def apply_change(before, after):
    change = Counter(after)
    change.subtract(before)
    change = {word: delta for word, delta in change.items() if delta}
    if not change:
        return
    added = [word for word, delta in change.items() if delta > 0]
    SearchWord.objects.bulk_create(
        [SearchWord(word=word, stem=stem(word)) for word in added],
        ignore_conflicts=True,
        batch_size=CHUNK,
    )
    by_delta = defaultdict(list)
    for word, delta in change.items():
        by_delta[delta].append(word)
    for delta, changed in by_delta.items():
        for chunk in _chunks(changed):
            # Never below zero, even if the table drifted (a bulk change outside kept_in_step).
            SearchWord.objects.filter(word__in=chunk).update(
                programs=Greatest(F("programs") + delta, Value(0))
            )
    removed = [word for word, delta in change.items() if delta < 0]
    for chunk in _chunks(removed):
        SearchWord.objects.filter(word__in=chunk, programs=0).delete()
    forget_search_vocabulary()
    transaction.on_commit(forget_search_vocabulary)  # a page may have cached the old words


def rebuild_search_vocabulary():
    """Recompute the whole table from the public programs; returns the number of words."""
    counter = count_words(Program.objects.all())
    with transaction.atomic():
        SearchWord.objects.all().delete()
        SearchWord.objects.bulk_create(
            (SearchWord(word=word, stem=stem(word), programs=n) for word, n in counter.items()),
            batch_size=CHUNK,
        )
    forget_search_vocabulary()
    transaction.on_commit(forget_search_vocabulary)
    return len(counter)


def _chunks(items):
    iterator = iter(items)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk

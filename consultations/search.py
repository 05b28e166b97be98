"""Search of «Вопросы и ответы» with the catalogue's Russian rules (programs/search.py):

- every word is cut to its Snowball Russian stem (the kernel's `stem`), and an entry matches
  when a word of its search text starts with that stem: «сертификаты» finds «сертификат»;
- a word the knowledge base does not know is corrected to its nearest word (the kernel's
  `nearest_words`, as far as the kernel's `max_edits` allows): «сертифкат» finds
  «сертификат»;
- a word typed with the Latin layout on is read as the Russian keys it was typed on;
- stop words are left out; a word of up to three letters matches whole words only.

The vocabulary is the words of the published entries, cached until one is published or taken
down, so a search costs one cache read, not a query.
"""

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from moc_portal.core.search_text import (
    contains_word,
    from_latin_layout,
    looks_typed_in_latin_layout,
    max_edits,
    meaningful_words,
    nearest_words,
    stem,
)

MAX_WORDS = 12


class Vocabulary:
    def __init__(self, frequency):
        self.frequency = dict(frequency)
        self.words = sorted(self.frequency)
        self.stems = {stem(word) for word in self.words}

    def knows(self, word):
        if stem(word) in self.stems:
            return True
        index = bisect_left(self.words, word)
        return index < len(self.words) and self.words[index].startswith(word)

    def resolve(self, word):
        """(the word to search for, corrected?) or None when nothing is near."""
        if self.knows(word):
            return word, False
        found = nearest_words(word, self.words, max_edits(word), 1, self.frequency)
        return (found[0], True) if found else None


def count_words(texts):
    counter = Counter()
    for text in texts:
        counter.update(set(meaningful_words(text)))
    return counter


@dataclass
class Plan:
    query: str
    words: list = field(default_factory=list)  # the words searched for
    corrected: bool = False

    def __bool__(self):
        return bool(self.words)

    @property
    def searched_text(self):
        return " ".join(self.words)


def interpret(query, vocabulary):
    plan = Plan(query=query)
    for token in (query or "").split():
        typed = meaningful_words(token)
        resolved = [vocabulary.resolve(word) for word in typed]
        if looks_typed_in_latin_layout(token) and not all(resolved):
            converted = [
                vocabulary.resolve(word) for word in meaningful_words(from_latin_layout(token))
            ]
            if converted and all(converted):
                resolved, typed = converted, [word for word, _ in converted]
                plan.corrected = True
        for word, item in zip(typed, resolved, strict=True):
            if item is None:
                plan.words.append(word)
            else:
                plan.words.append(item[0])
                plan.corrected = plan.corrected or item[1]
    plan.words = plan.words[:MAX_WORDS]
    return plan


def filter_entries(queryset, plan):
    for word in plan.words:
        queryset = queryset.filter(contains_word(word))
    return queryset

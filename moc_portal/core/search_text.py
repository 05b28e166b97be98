"""Russian text for search: normalization, words, stems, stop words and the keyboard layout.

Every search text the portal stores (programs', events', practices') and every query go
through these functions, so a word is cut and spelled the same way wherever it is compared.
How the catalogue matches and ranks is its own (programs/search.py).
"""

import re
import threading
from functools import lru_cache

import snowballstemmer
from django.db.models import Q
from rapidfuzz import process
from rapidfuzz.distance import OSA

_SPACES = re.compile(r"\s+")
# Letters and digits of any script; everything else (punctuation, quotes, hyphens) splits words.
_WORD = re.compile(r"[^\W_]+")
TITLE_SEPARATOR = "|"

# Function words carry no meaning in a query («кружок для детей» is «кружок
# детей»); PostgreSQL's `russian` configuration drops the same kind of words.
_STOP_WORDS = """
    а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже
    для до его ее если есть еще же за здесь и из или им их к как ко когда кто ли либо мне может
    мы на над надо наш не него нее нет ни них но ну о об однако он она они оно от очень по под
    при про с со так также такой там те тем то того тоже той только том ту ты у уже чем что
    чтобы эта эти это этот я
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# The Latin letter on each key of a Russian ЙЦУКЕН keyboard, unshifted and shifted:
# «ghjuhfvvbhjdfybt» is «программирование» typed with the wrong layout switched on.
_LATIN_KEYS = "`qwertyuiop[]asdfghjkl;'zxcvbnm,.~QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>"
_CYRILLIC_KEYS = "ёйцукенгшщзхъфывапролджэячсмитьбюЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ"
_LAYOUT = str.maketrans(_LATIN_KEYS, _CYRILLIC_KEYS)
_LATIN_TYPED = re.compile(r"^[`a-z\[\];',.~{}:\"<>]+$", re.IGNORECASE)


def normalize_search_text(text):
    """Lower-case, ё→е, single spaces: SQLite's LIKE folds neither Cyrillic case nor ё."""
    return _SPACES.sub(" ", (text or "").lower().replace("ё", "е")).strip()


def words(text):
    """The words of a text as the search compares them: lower-case, ё→е, no punctuation."""
    return _WORD.findall(normalize_search_text(text))


def meaningful_words(text):
    """Words worth searching for and correcting to: no stop words, no single letters."""
    return [word for word in words(text) if len(word) > 1 and word not in STOP_WORDS]


def index_text(title, *rest):
    """The stored search text: « title words | other words » with a space at both ends.

    Spaces at the ends let `contains(" " + stem)` find a word at any position, and the
    separator lets the ranking tell a title match from a match in the annotation.
    """
    rest_words = [word for part in rest for word in words(part)]
    return f" {' '.join(words(title))} {TITLE_SEPARATOR} {' '.join(rest_words)} "


_local = threading.local()


@lru_cache(maxsize=50_000)
def stem(word):
    """The Snowball Russian stem (the algorithm of PostgreSQL's `russian` configuration).

    A stem is always a prefix of its (normalized) word, which is what lets the search
    match every form of a word with one prefix condition on both backends.
    """
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:  # Snowball stemmers keep state while they work: one per thread
        stemmer = _local.stemmer = snowballstemmer.stemmer("russian")
    return stemmer.stemWord(word)


def looks_typed_in_latin_layout(token):
    return bool(_LATIN_TYPED.match(token))


def from_latin_layout(token):
    """What the keys pressed for `token` give in the Russian layout."""
    return token.translate(_LAYOUT)


def max_edits(word):
    """How far a word may be from its correction: none for short words, where one letter
    makes another word («кот», «кит»), one for most, two for long ones."""
    if len(word) < 4:
        return 0
    return 1 if len(word) < 9 else 2


def nearest_words(word, candidates, max_distance, limit=1, frequency=None):
    """Words of `candidates` (a sorted list) within `max_distance` edits of `word` (optimal
    string alignment: a wrong, missing or extra letter, or two neighbouring letters swapped,
    count one edit), nearest first, then the most used (`frequency`: {word: uses})."""
    if not candidates or max_distance < 1:
        return []
    matches = process.extract(
        word, candidates, scorer=OSA.distance, score_cutoff=max_distance, limit=None
    )
    uses = frequency or {}
    matches.sort(key=lambda match: (match[1], -uses.get(match[0], 0), match[0]))
    return [choice for choice, _distance, _index in matches[:limit]]


SHORT_WORD = 3  # letters; a word this short matches only itself, whole


def contains_word(word, field="search_text"):
    """A filter on a stored `index_text`: a short word as a whole word, a longer one as a
    word starting with its stem (so «сертификаты» finds «сертификат»)."""
    if len(word) <= SHORT_WORD:
        return Q(**{f"{field}__contains": f" {word} "})
    return Q(**{f"{field}__contains": " " + stem(word)})

"""Text normalization shared by the search index and the search query."""

import re

_SPACES = re.compile(r"\s+")


def normalize_search_text(text):
    """Lower-case, ё→е, single spaces: SQLite's LIKE folds neither Cyrillic case nor ё."""
    return _SPACES.sub(" ", (text or "").lower().replace("ё", "е")).strip()

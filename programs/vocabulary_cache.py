"""Directions and levels, loaded in one query and cached: every catalogue page needs them."""

from django.db.models import CharField, Value

from moc_portal.core.cache import cache_delete, cache_set, cached

from .models import Direction, Level

CACHE_KEY = "programs:vocabulary:v1"
CACHE_SECONDS = 60 * 60
MODELS = {"direction": Direction, "level": Level}


def load_vocabulary():
    """{"direction": [Direction, …], "level": [Level, …]} in their display order."""
    return cached(CACHE_KEY, CACHE_SECONDS, _query_vocabulary)


def load_vocabulary_with(extra):
    """Directions and levels (cached as load_vocabulary caches them) and the rows of `extra`,
    a values_list of the same five columns (kind, id, code, name, order), in one query."""
    vocabulary, extra_rows = _query_vocabulary(extra)
    cache_set(CACHE_KEY, vocabulary, CACHE_SECONDS)
    return vocabulary, extra_rows


def _query_vocabulary(extra=None):
    fields = ("kind", "id", "code", "name", "order")
    querysets = [
        model.objects.order_by()
        .annotate(kind=Value(kind, output_field=CharField()))
        .values_list(*fields)
        for kind, model in MODELS.items()
    ]
    if extra is not None:
        querysets.append(extra)
    vocabulary = {kind: [] for kind in MODELS}
    extra_rows = []
    for row in querysets[0].union(*querysets[1:], all=True):
        kind, pk, code, name, order = row
        if kind in MODELS:
            vocabulary[kind].append(MODELS[kind](id=pk, code=code, name=name, order=order))
        else:
            extra_rows.append(row)
    for items in vocabulary.values():
        items.sort(key=lambda item: (item.order, item.id))
    if extra is None:
        return vocabulary
    return vocabulary, extra_rows


def forget_vocabulary(**kwargs):
    cache_delete(CACHE_KEY)

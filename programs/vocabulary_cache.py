"""Directions and levels, loaded in one query and cached: every catalogue page needs them."""

from django.core.cache import cache
from django.db.models import CharField, Value

from .models import Direction, Level

CACHE_KEY = "programs:vocabulary:v1"
CACHE_SECONDS = 60 * 60
MODELS = {"direction": Direction, "level": Level}


def load_vocabulary():
    """{"direction": [Direction, …], "level": [Level, …]} in their display order."""
    vocabulary = cache.get(CACHE_KEY)
    if vocabulary is None:
        vocabulary = _query_vocabulary()
        cache.set(CACHE_KEY, vocabulary, CACHE_SECONDS)
    return vocabulary


def _query_vocabulary():
    fields = ("kind", "id", "code", "name", "order")
    querysets = [
        model.objects.order_by()
        .annotate(kind=Value(kind, output_field=CharField()))
        .values_list(*fields)
        for kind, model in MODELS.items()
    ]
    vocabulary = {kind: [] for kind in MODELS}
    for kind, pk, code, name, order in querysets[0].union(*querysets[1:], all=True):
        vocabulary[kind].append(MODELS[kind](id=pk, code=code, name=name, order=order))
    for items in vocabulary.values():
        items.sort(key=lambda item: (item.order, item.id))
    return vocabulary


def forget_vocabulary(**kwargs):
    cache.delete(CACHE_KEY)

"""Directions and levels, loaded in one query and cached: every catalogue page needs them."""

from django.db.models import CharField, Value

from moc_portal.core.cache import cache_delete, cached

from .models import Direction, Level

CACHE_KEY = "programs:vocabulary:v1"
CACHE_SECONDS = 60 * 60
MODELS = {"direction": Direction, "level": Level}


def load_vocabulary():
    """{"direction": [Direction, …], "level": [Level, …]} in their display order."""
    return cached(CACHE_KEY, CACHE_SECONDS, _query_vocabulary)


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
    cache_delete(CACHE_KEY)

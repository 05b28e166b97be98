"""The closed lists every public list shows (directions, levels, settlements): one query, then
the cache.

The catalogue, events and practices read them here; saving or deleting a direction, a level
or a settlement forgets the cached copy (programs/apps.py).
"""

from django.db.models import CharField, F, IntegerField, Value

from moc_portal.core.cache import cache_delete, cache_set, cached

from ..models import Direction, Level, Settlement

CACHE_KEY = "programs:closed-lists:v2"
CACHE_SECONDS = 60 * 60
MODELS = {"direction": Direction, "level": Level, "settlement": Settlement}


def load_closed_lists():
    """{"direction": [Direction, …], "level": [Level, …]} in their display order."""
    return cached(CACHE_KEY, CACHE_SECONDS, _query_closed_lists)


def closed_lists_with(*extra):
    """Directions and levels (cached as load_closed_lists() caches them) and the rows of `extra`,
    values_lists of the same five columns (kind, id, code, name, order), in one query."""
    lists, extra_rows = _query_closed_lists(list(extra))
    cache_set(CACHE_KEY, lists, CACHE_SECONDS)
    return lists, extra_rows


def _query_closed_lists(extra=None):
    fields = ("kind", "id", "code", "name", "order")
    querysets = [
        _rows(kind, model).annotate(kind=Value(kind, output_field=CharField())).values_list(*fields)
        for kind, model in MODELS.items()
    ]
    if extra is not None:
        querysets += extra
    lists = {kind: [] for kind in MODELS}
    extra_rows = []
    for row in querysets[0].union(*querysets[1:], all=True):
        kind, pk, code, name, order = row
        if kind == "settlement":
            lists[kind].append(Settlement(id=pk, slug=code, name=name))
        elif kind in MODELS:
            lists[kind].append(MODELS[kind](id=pk, code=code, name=name, order=order))
        else:
            extra_rows.append(row)
    for kind, items in lists.items():
        if kind == "settlement":
            items.sort(key=lambda item: (item.name.lower().replace("ё", "е"), item.id))
        else:
            items.sort(key=lambda item: (item.order, item.id))
    if extra is None:
        return lists
    return lists, extra_rows


def _rows(kind, model):
    if model is Settlement:  # a reference without code and order: its slug is its code
        return model.objects.order_by().annotate(
            code=F("slug"), order=Value(0, output_field=IntegerField())
        )
    return model.objects.order_by()


def forget_closed_lists(**kwargs):
    cache_delete(CACHE_KEY)


def directions():
    """The направленности in their display order (cached)."""
    return load_closed_lists()["direction"]


def direction_choices():
    """[(code, name), …] of the направленности, for a filter's choices."""
    return [(item.code, item.name) for item in directions()]


def level_choices():
    return [(item.code, item.name) for item in load_closed_lists()["level"]]


def settlement_choices():
    """[(slug, name), …] of the settlements (cached)."""
    return [(item.slug, item.name) for item in load_closed_lists()["settlement"]]

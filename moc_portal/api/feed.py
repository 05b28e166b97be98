"""One page of a resource in the order a client copies it: by `updated_at`, then uuid.

Without `updated_after` a page holds public objects only. With it, a page holds what changed
after that moment: public objects (full), and markers `{"uuid", "updated_at", "deleted": true}`
for objects that left the public set (archived, unpublished, their organization deactivated:
read from their own rows) or were deleted (api.Deletion). The next page continues after the
last row's (updated_at, uuid), so rows changed while a client pages through are not skipped:
they come again later in the same walk. Queries per page: the rows, what they join, the markers
of deleted objects.
"""

from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q

from . import params as api_params
from .models import Deletion


@dataclass
class Row:
    uuid: object
    updated_at: object
    object: object = None  # None: a deletion marker

    @property
    def deleted(self):
        return self.object is None

    @property
    def key(self):
        return (self.updated_at, self.uuid)


@dataclass
class FeedPage:
    rows: list
    next_cursor: str | None

    @property
    def last_modified(self):
        return max((row.updated_at for row in self.rows), default=None)


def _after(cursor, moment_field, uuid_field="uuid"):
    if cursor is None:
        return Q()
    moment, last_uuid = cursor
    return Q(**{f"{moment_field}__gt": moment}) | Q(
        **{moment_field: moment, f"{uuid_field}__gt": last_uuid}
    )


def filtered_public(source, query):
    public = source.public()
    if source.filterset is None:
        return public
    return api_params.strict_filterset(source.filterset, query, public).qs


def read_page(source, query):
    api_params.check_plain_text(query)
    limit = api_params.parse_limit(query)
    since = api_params.parse_updated_after(query)
    cursor = api_params.parse_cursor(query)
    matching = filtered_public(source, query).order_by().values("pk")

    objects = source.model.objects.annotate(changed_at=source.changed_at())
    if since is None:
        objects = objects.filter(pk__in=matching).annotate(
            shown=ExpressionWrapper(Q(pk__isnull=False), output_field=BooleanField())
        )
    else:
        public = source.public().order_by().values("pk")
        objects = (
            objects.filter(Q(pk__in=matching) | ~Q(pk__in=public))
            .filter(changed_at__gt=since)
            .annotate(shown=ExpressionWrapper(Q(pk__in=public), output_field=BooleanField()))
        )
    objects = objects.filter(_after(cursor, "changed_at")).order_by("changed_at", "uuid")
    rows = [
        Row(item.uuid, item.changed_at, item if item.shown else None)
        for item in source.joins(objects)[: limit + 1]
    ]
    if since is not None:
        deleted = (
            Deletion.objects.filter(kind=source.kind, deleted_at__gt=since)
            .filter(_after(cursor, "deleted_at"))
            .order_by("deleted_at", "uuid")
        )
        rows += [Row(item.uuid, item.deleted_at) for item in deleted[: limit + 1]]
        rows.sort(key=lambda row: row.key)
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = api_params.encode_cursor(*rows[-1].key) if more else None
    return FeedPage(rows=rows, next_cursor=next_cursor)

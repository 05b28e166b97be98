"""The API's views: a list and a detail per resource (built from `sources` and `serializers`),
the index, the OpenAPI schema's documentation page. Read-only, anonymous, throttled per
client; every 200 carries an ETag and, for objects, Last-Modified, and answers 304 to a
client that already has it."""

import hashlib
from uuid import UUID

from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django_filters import NumberFilter
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from . import feed
from . import params as api_params
from . import serializers as api_serializers
from .sources import SOURCES

SERIALIZERS = {
    "organizations": api_serializers.OrganizationSerializer,
    "programs": api_serializers.ProgramSerializer,
    "events": api_serializers.EventSerializer,
    "news": api_serializers.NewsSerializer,
    "documents": api_serializers.DocumentSerializer,
    "practices": api_serializers.PracticeSerializer,
}
TITLES = {
    "organizations": "Организации",
    "programs": "Программы",
    "events": "Мероприятия",
    "news": "Новости",
    "documents": "Документы",
    "practices": "Лучшие практики",
}

ERROR = inline_serializer(
    "Error",
    {
        "detail": serializers.CharField(),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()), required=False
        ),
    },
)


class ConditionalMixin:
    """ETag from the body, Last-Modified from the objects shown, 304 when the client has it."""

    last_modified = None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        response["ETag"] = etag
        # Whole seconds, as HTTP dates have them (If-Modified-Since compares against these).
        last_modified = int(self.last_modified.timestamp()) if self.last_modified else None
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, no_cache=True)
        return get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )


class ApiView(ConditionalMixin, APIView):
    pass


def _filter_parameters(source):
    if source.filterset is None:
        return []
    described = []
    for name, item in source.filterset.base_filters.items():
        field_class = getattr(item, "field_class", None)
        kind = OpenApiTypes.STR
        many = False
        if field_class is not None and issubclass(
            field_class, api_params.LenientMultipleChoiceField
        ):
            many = True
        elif field_class is not None and issubclass(field_class, api_params.FlagField):
            kind = OpenApiTypes.BOOL
        elif isinstance(item, NumberFilter):
            bounds = {
                key[:3]: item.extra[key] for key in ("min_value", "max_value") if key in item.extra
            }
            kind = {"type": "integer", **{f"{k}imum": v for k, v in bounds.items()}}
        described.append(
            OpenApiParameter(
                name,
                {"type": "array", "items": {"type": "string"}} if many else kind,
                description=str(item.label or name),
                explode=True if many else None,
            )
        )
    return described


COMMON_PARAMETERS = [
    OpenApiParameter(
        "updated_after",
        OpenApiTypes.DATETIME,
        description="Только изменённое после этого момента (ISO 8601), вместе с отметками "
        "об удалении: объекты, ушедшие из публичного доступа или удалённые, приходят "
        "как {uuid, updated_at, deleted: true}.",
    ),
    OpenApiParameter(
        "cursor",
        OpenApiTypes.STR,
        description="Продолжение: значение из ссылки next предыдущей страницы.",
    ),
    OpenApiParameter(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": api_params.MAX_LIMIT},
        description=f"Объектов на странице (по умолчанию {api_params.DEFAULT_LIMIT}).",
    ),
]


def _serialized(rows, serializer_class):
    """Objects and markers in the page's order; one serializer per kind of row (a serializer
    per row would build its fields again each time: 25 ms a program)."""
    objects = iter(
        serializer_class([row.object for row in rows if not row.deleted], many=True).data
    )
    markers = iter(
        api_serializers.DeletedSerializer([row for row in rows if row.deleted], many=True).data
    )
    return [next(markers) if row.deleted else next(objects) for row in rows]


def list_view(kind):
    source = SOURCES[kind]
    serializer_class = SERIALIZERS[kind]
    item = PolymorphicProxySerializer(
        component_name=f"{serializer_class.Meta.model.__name__}OrDeleted",
        serializers=[serializer_class, api_serializers.DeletedSerializer],
        resource_type_field_name=None,
    )
    page_schema = inline_serializer(
        f"{serializer_class.Meta.model.__name__}Page",
        {
            "next": serializers.URLField(allow_null=True),
            "results": serializers.ListField(child=item),
        },
    )

    class ListView(ApiView):
        @extend_schema(
            operation_id=f"{kind}_list",
            summary=f"{TITLES[kind]}: список",
            description="Порядок — по updated_at, затем по uuid; постраничный переход по "
            "ссылке next. Фильтры — те же, что на сайте.",
            tags=[TITLES[kind]],
            parameters=COMMON_PARAMETERS + _filter_parameters(source),
            responses={
                200: page_schema,
                304: OpenApiResponse(description="Не изменилось (If-None-Match)"),
                400: ERROR,
                429: ERROR,
            },
        )
        def get(self, request):
            page = feed.read_page(source, request.query_params)
            self.last_modified = page.last_modified
            results = _serialized(page.rows, serializer_class)
            next_url = None
            if page.next_cursor:
                query = request.query_params.copy()
                query["cursor"] = page.next_cursor
                next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
            return Response({"next": next_url, "results": results})

    ListView.__name__ = f"{kind.title()}ListView"
    return ListView.as_view()


def detail_view(kind):
    source = SOURCES[kind]
    serializer_class = SERIALIZERS[kind]

    class DetailView(ApiView):
        @extend_schema(
            operation_id=f"{kind}_detail",
            summary=f"{TITLES[kind]}: один объект по uuid",
            tags=[TITLES[kind]],
            parameters=[OpenApiParameter("uuid", OpenApiTypes.UUID, OpenApiParameter.PATH)],
            responses={
                200: serializer_class,
                304: OpenApiResponse(description="Не изменилось (If-None-Match)"),
                404: ERROR,
                429: ERROR,
            },
        )
        def get(self, request, uuid):
            try:
                key = UUID(uuid)
            except ValueError:
                raise NotFound from None
            objects = source.joins(source.public().annotate(changed_at=source.changed_at()))
            found = objects.filter(uuid=key).first()
            if found is None:
                raise NotFound
            self.last_modified = found.changed_at
            return Response(serializer_class(found).data)

    DetailView.__name__ = f"{kind.title()}DetailView"
    return DetailView.as_view()


class IndexView(ApiView):
    @extend_schema(
        operation_id="index",
        summary="Список ресурсов API",
        tags=["API"],
        responses={
            200: inline_serializer(
                "Index",
                {
                    "resources": serializers.DictField(child=serializers.URLField()),
                    "schema": serializers.URLField(),
                    "docs": serializers.URLField(),
                },
            ),
            429: ERROR,
        },
    )
    def get(self, request):
        return Response(
            {
                "resources": {
                    kind: request.build_absolute_uri(reverse(f"api:{kind}_list"))
                    for kind in SOURCES
                },
                "schema": request.build_absolute_uri(reverse("api:schema")),
                "docs": request.build_absolute_uri(reverse("api:docs")),
            }
        )


def docs(request):
    """The documentation page: our own template, Swagger UI from drf-spectacular-sidecar's
    static files, started by static/api/docs.js (no inline script: the CSP allows none)."""
    return render(request, "api/docs.html", {"resources": TITLES})

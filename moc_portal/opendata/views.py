"""`/opendata/`: the page people read and the files machines load (GET only, nothing written)."""

import datetime

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from moc_portal.core.page_cache import public_page
from moc_portal.core.text import date_ru
from moc_portal.core.uploads import attachment_response
from moc_portal.models import OpenDataVersion, SiteSettings

from . import services
from .datasets import DATASETS

CONTENT_TYPES = {"csv": services.CSV_CONTENT_TYPE, "json": services.JSON_CONTENT_TYPE}


@public_page
@require_safe
def index(request):
    site = SiteSettings.load()
    versions = services.versions_by_set()
    sets = [
        {
            "code": code,
            "dataset": dataset,
            "identifier": services.identifier(code, site),
            "passport": _readable(services.passport(code, versions[code], site)),
            "current": versions[code][0] if versions[code] else None,
            "versions": versions[code],
        }
        for code, dataset in DATASETS.items()
    ]
    return render(request, "opendata/index.html", {"sets": sets})


@require_safe
def list_file(request, file_format):
    return _file(services.list_file(file_format), "list", file_format)


@require_safe
def meta_file(request, code, file_format):
    _dataset(code)
    versions = services.versions_by_set([code])[code]
    content = services.meta_file(code, file_format, versions)
    return _file(content, "meta", file_format)


@require_safe
def structure_file(request, code, day, file_format):
    _dataset(code)
    version = (
        OpenDataVersion.objects.defer("rows")
        .filter(dataset=code, structure_on=_day(day))
        .order_by("published_on")
        .first()
    )
    if version is None:
        raise Http404("Нет такой версии структуры.")
    return _file(services.structure_file(version, file_format), version.structure_name, file_format)


@require_safe
def data_file(request, code, day, structure_day, file_format):
    _dataset(code)
    version = OpenDataVersion.objects.filter(
        dataset=code, published_on=_day(day), structure_on=_day(structure_day)
    ).first()
    if version is None:
        raise Http404("Нет такой версии набора.")
    return _file(services.data_file(version, file_format), version.data_name, file_format)


def _readable(passport):
    """The passport's dates (20261203 in the files) as people write them: 3 декабря 2026."""
    dates = ("created", "modified", "valid")
    return [
        (name, label, date_ru(_day(value)) if name in dates and value else value)
        for name, label, value in passport
    ]


def _dataset(code):
    if code not in DATASETS:
        raise Http404("Нет такого набора данных.")


def _day(text):
    try:
        return datetime.datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        raise Http404("Нет такой даты.") from None


def _file(content, name, file_format):
    """The file `name`.csv or .json, shown in the browser and open to other sites' scripts."""
    filename, content_type = f"{name}.{file_format}", CONTENT_TYPES[file_format]
    response = attachment_response(content, filename, content_type, inline=True)
    response["Access-Control-Allow-Origin"] = "*"  # open data: other sites may fetch it
    return response

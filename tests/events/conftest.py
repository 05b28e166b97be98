import datetime
import io
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from events.models import Document, Event, MediaPlan, NewsItem
from events.services.saving import save_document, save_event
from programs.models import Direction
from tests.uploads import pdf

_counter = itertools.count(1)


def png_file(width=10, height=10, name="picture.png"):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_event(*, days_from_today=7, duration_days=0, direction=None, **fields):
    n = next(_counter)
    starts_on = timezone.localdate() + datetime.timedelta(days=days_from_today)
    defaults = {
        "slug": f"event-{n}",
        "title": f"Мероприятие {n}",
        "kind": Event.Kind.CONTEST,
        "starts_on": starts_on,
        "ends_on": starts_on + datetime.timedelta(days=duration_days),
        "status": Event.Status.PUBLISHED,
        "direction": Direction.objects.get(code=direction) if direction else None,
    }
    defaults.update(fields)
    return save_event(Event(**defaults))


def make_news(*, days_ago=1, **fields):
    n = next(_counter)
    defaults = {
        "slug": f"news-{n}",
        "title": f"Новость {n}",
        "lead": f"Анонс новости {n}",
        "body": f"<p>Текст новости {n}</p>",
        "published_at": timezone.now() - datetime.timedelta(days=days_ago),
        "status": NewsItem.Status.PUBLISHED,
    }
    defaults.update(fields)
    return NewsItem.objects.create(**defaults)


def make_document(**fields):
    n = next(_counter)
    defaults = {
        "title": f"Документ {n}",
        "category": Document.Category.NORMATIVE,
        "file": pdf(),
        "status": Document.Status.PUBLISHED,
    }
    defaults.update(fields)
    return save_document(Document(**defaults))


def make_plan(year=2026, number=11, kind=MediaPlan.PeriodKind.MONTH, **fields):
    return MediaPlan.objects.create(year=year, number=number, period_kind=kind, **fields)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"

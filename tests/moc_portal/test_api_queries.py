"""API list pages cost the same number of queries at 10 and at 1,000 objects, for a full list
and for a sync with deletion markers."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from best_practices.models import Practice, PracticeMaterial
from best_practices.services.saving import create_practices
from events.models import Document, Event, NewsItem
from events.services.saving import create_in_bulk
from moc_portal.api.models import Deletion
from programs.models import Direction, Level, Organization, Program, ScheduleSlot

pytestmark = pytest.mark.django_db

KINDS = ["organizations", "programs", "events", "news", "documents", "practices"]
# The rows, their joins (program: levels, kinds of disability, schedule, places; practice:
# materials), the deletion markers, the rate-limit counter (in the database without Redis) with its
# clean-up at a window's start, the closed lists for the filters' codes on a cold cache.
BUDGET = 9


def fill(n):
    """n objects of every kind, a tenth of them hidden, and n deletion markers (bulk: fast)."""
    tech = Direction.objects.get(code="tech")
    organizations = Organization.objects.bulk_create(
        Organization(slug=f"o{i}", full_name=f"Организация {i}", short_name=f"О{i}", kind="school")
        for i in range(n)
    )
    programs = Program.objects.bulk_create(
        Program(
            slug=f"p{i}",
            title=f"Программа {i}",
            organization=organizations[i % len(organizations)],
            direction=tech,
            age_min=5,
            age_max=15,
            status="archived" if i % 10 == 0 else "published",
        )
        for i in range(n)
    )
    level = Level.objects.first()
    Program.levels.through.objects.bulk_create(
        Program.levels.through(program=p, level=level) for p in programs
    )
    ScheduleSlot.objects.bulk_create(
        ScheduleSlot(program=p, weekday=1, starts_at="10:00", ends_at="11:00") for p in programs
    )
    today = timezone.localdate()
    create_in_bulk(
        Event,
        [
            Event(
                slug=f"e{i}",
                title=f"Событие {i}",
                kind="contest",
                starts_on=today,
                ends_on=today,
                organizer=organizations[i % len(organizations)],
                direction=tech,
                status="published",
            )
            for i in range(n)
        ],
    )
    NewsItem.objects.bulk_create(
        NewsItem(slug=f"n{i}", title=f"Новость {i}", body="<p>т</p>", status="published")
        for i in range(n)
    )
    create_in_bulk(
        Document,
        [
            Document(title=f"Документ {i}", category="normative", file="d.pdf", status="published")
            for i in range(n)
        ],
    )
    practices = create_practices(
        Practice(
            slug=f"lp{i}",
            title=f"Практика {i}",
            direction=tech,
            category="technology",
            authors="Автор",
            organization=organizations[i % len(organizations)],
            annotation="а",
            problem="п",
            description="о",
            results="р",
            year=2026,
            contact_name="к",
            contact_position="д",
            contact_email="k@example.ru",
            contact_phone="1",
            status="published",
        )
        for i in range(n)
    )
    PracticeMaterial.objects.bulk_create(
        PracticeMaterial(practice=p, title="Видео", video_url="https://example.ru/v")
        for p in practices
    )
    Deletion.objects.bulk_create(
        Deletion(kind=kind, uuid=uuid.uuid4()) for kind in KINDS for _ in range(n)
    )


def cases(since):
    for kind in KINDS:
        yield kind, {}
        yield kind, {"updated_after": since}
    yield "programs", {"direction": "tech", "open": "1", "age": "7"}
    yield "events", {"direction": "tech", "type": "contest"}
    yield "practices", {"direction": "tech", "year": "2026"}


@pytest.mark.parametrize("size", [10, 1000])
def test_list_pages_keep_a_constant_number_of_queries(client, size, django_assert_max_num_queries):
    fill(size)
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    for kind, params in cases(since):
        with django_assert_max_num_queries(BUDGET):
            response = client.get(reverse(f"api:{kind}_list"), params)
        assert response.status_code == 200
        results = response.json()["results"]
        assert len(results) == min(len(results), 100) > 0
        if "updated_after" in params and size == 10:
            assert any(item["deleted"] for item in results)

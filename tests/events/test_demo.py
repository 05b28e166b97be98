from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events.models import Event, MediaPlan, MediaPlanRow, NewsItem

pytestmark = pytest.mark.django_db


def seed(*args):
    call_command(
        "seed_demo",
        "--programs",
        "20",
        "--organizations",
        "4",
        "--password",
        "x-42",
        *args,
        stdout=StringIO(),
    )


def test_seed_demo_adds_events_news_and_this_months_media_plan(client):
    seed()
    today = timezone.localdate()
    public = Event.objects.public()
    assert public.upcoming().count() >= 5
    assert public.past().exclude(results="").exists()
    assert Event.objects.filter(status=Event.Status.MODERATION).exists()
    assert NewsItem.objects.public().count() >= 5
    plan = MediaPlan.objects.get(year=today.year, number=today.month)
    assert plan.rows.exists()
    # Saved through the services: what the rows derive is kept.
    assert not Event.objects.filter(search_text="").exists()
    assert Event.objects.filter(search_text__contains="радуга талантов").exists()
    assert not plan.rows.exclude(url="").exclude(status=MediaPlanRow.Status.PUBLISHED).exists()
    for url in (
        "/",
        reverse("events:list"),
        reverse("events:archive"),
        reverse("events:news_list"),
    ):
        assert client.get(url).status_code == 200
    event = public.upcoming().first()
    assert client.get(event.get_absolute_url()).status_code == 200


def test_seed_demo_replace_rebuilds_the_events_data():
    seed()
    seed("--replace")
    assert MediaPlan.objects.count() == 1
    assert len(set(Event.objects.values_list("slug", flat=True))) == Event.objects.count()


def test_the_demo_publishes_real_pdfs_of_a_few_pages_in_every_section(client, settings, tmp_path):
    import re

    from events.models import Document

    settings.MEDIA_ROOT = tmp_path
    seed()
    documents = Document.objects.public()
    assert set(documents.values_list("category", flat=True)) >= set(Document.Category) - {
        Document.Category.MEDIA_PLAN  # published from the media plan itself
    }
    for document in documents.exclude(category=Document.Category.MEDIA_PLAN):
        with document.file.open("rb") as file:
            content = file.read()
        assert content.startswith(b"%PDF-"), document.title
        assert len(re.findall(rb"/Type /Page\b", content)) >= 2, document.title
        assert b"/FontFile2" in content  # the Cyrillic font is embedded
        assert document.file_size == len(content)
    html = client.get(reverse("events:document_list")).content.decode()
    assert "Положение о муниципальном опорном центре" in html
    # Last: closing a streamed response ends the request, which may close the connection.
    download = client.get(documents.first().get_absolute_url())
    assert download.status_code == 200
    download.close()

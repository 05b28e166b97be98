"""What events, media-plan rows and documents derive from their own fields is kept on every
write path: the services themselves, single and bulk, the admin, the proposal form."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events.models import Document, Event, MediaPlanRow
from events.services.mediaplan import build_mediaplan_xlsx, publish_as_document
from events.services.saving import (
    create_in_bulk,
    save_document,
    save_event,
    save_mediaplan_row,
)
from moc_portal.roles import METHODISTS
from tests.uploads import PDF, pdf

from .conftest import make_event, make_plan
from .test_staff import proposal, user_in

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 5)


def new_event(n=1, **fields):
    return Event(
        slug=f"saving-{n}",
        title=f"Ёлка в Доме {n}",
        kind=Event.Kind.FESTIVAL,
        summary="Хоровод и ПОДАРКИ",
        venue="ДК Ёлочка",
        starts_on=DAY,
        **fields,
    )


def test_an_event_saved_without_an_end_ends_on_its_start_day_and_is_searchable():
    event = save_event(new_event())
    event.refresh_from_db()
    assert event.ends_on == DAY
    assert event.search_text == "елка в доме 1 хоровод и подарки дк елочка"


def test_an_edited_event_is_found_by_its_new_title_and_not_by_the_old_one():
    event = make_event(title="Старое название", venue="")
    event.title = "Новое название"
    save_event(event)
    event.refresh_from_db()
    assert event.search_text == "новое название"


def test_events_created_in_bulk_keep_their_end_day_and_search_text():
    create_in_bulk(Event, [new_event(n) for n in (1, 2)])
    assert list(Event.objects.order_by("slug").values_list("ends_on", "search_text")) == [
        (DAY, "елка в доме 1 хоровод и подарки дк елочка"),
        (DAY, "елка в доме 2 хоровод и подарки дк елочка"),
    ]


def row(plan, **fields):
    return MediaPlanRow(
        plan=plan,
        date_from=DAY,
        topic="Пост о конкурсе",
        format=MediaPlanRow.Format.POST,
        channel=MediaPlanRow.Channel.VK,
        **fields,
    )


@pytest.mark.parametrize(
    ("status", "url", "kept"),
    [
        ("planned", "https://vk.com/wall-1_2", "published"),
        ("postponed", "https://vk.com/wall-1_2", "published"),
        ("cancelled", "https://vk.com/wall-1_2", "cancelled"),
        ("planned", "", "planned"),
    ],
)
def test_a_row_with_a_link_is_published_unless_cancelled(status, url, kept):
    saved = save_mediaplan_row(row(make_plan(), status=status, url=url))
    assert MediaPlanRow.objects.get(pk=saved.pk).status == kept


def test_rows_created_in_bulk_with_a_link_are_published():
    plan = make_plan()
    create_in_bulk(MediaPlanRow, [row(plan, url="https://vk.com/wall-1_2"), row(plan)])
    assert sorted(plan.rows.values_list("status", flat=True)) == ["planned", "published"]


def test_a_saved_document_keeps_its_file_size():
    document = Document(title="Приказ", category=Document.Category.NORMATIVE, file=pdf())
    save_document(document)
    assert Document.objects.get(pk=document.pk).file_size == len(PDF)


def test_documents_created_in_bulk_keep_their_file_sizes():
    create_in_bulk(
        Document,
        [
            Document(title=f"Приказ {n}", category=Document.Category.NORMATIVE, file=pdf())
            for n in (1, 2)
        ],
    )
    assert list(Document.objects.values_list("file_size", flat=True)) == [len(PDF)] * 2


def test_the_published_media_plan_document_keeps_the_size_of_its_workbook():
    plan = make_plan(status="agreed", agreed_on=datetime.date(2026, 10, 30))
    document = publish_as_document(plan)
    assert Document.objects.get(pk=document.pk).file_size == len(build_mediaplan_xlsx(plan))


@pytest.fixture
def methodist(django_user_model):
    return user_in(django_user_model, METHODISTS, "methodist")


def test_an_event_added_in_the_admin_without_an_end_is_searchable(client, methodist):
    client.force_login(methodist)
    response = client.post(
        reverse("admin:events_event_add"),
        {
            "title": "Ёлка в Доме",
            "slug": "elka",
            "kind": "festival",
            "level": "municipal",
            "audience": "children",
            "status": "draft",
            "starts_on": DAY.isoformat(),
            "summary": "Хоровод",
            "venue": "ДК Ёлочка",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    assert (event.ends_on, event.search_text) == (DAY, "елка в доме хоровод дк елочка")
    assert event.proposed_by == methodist


def test_a_document_added_in_the_admin_keeps_its_file_size(client, methodist):
    client.force_login(methodist)
    now = timezone.localtime()
    response = client.post(
        reverse("admin:events_document_add"),
        {
            "title": "Приказ о МОЦ",
            "category": "normative",
            "file": pdf(),
            "status": "published",
            "published_at_0": now.date().isoformat(),
            "published_at_1": now.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Document.objects.get().file_size == len(PDF)


def test_a_proposal_sent_without_an_end_ends_on_its_start_day_and_is_searchable(
    client, representative, organization
):
    client.force_login(representative)
    data = proposal(organization, ends_on="", starts_time="", ends_time="")
    assert client.post(reverse("events:propose"), data).status_code == 302
    event = Event.objects.get()
    assert event.ends_on == datetime.date.fromisoformat(data["starts_on"])
    assert event.search_text == "турнир по шахматам школа № 1, спортзал"


def test_the_export_command_says_what_it_saved_where(tmp_path):
    plan = make_plan()
    save_mediaplan_row(row(plan))
    out = tmp_path / "plan.xlsx"
    stdout = StringIO()
    call_command("export_mediaplan", period="2026-11", out=out, stdout=stdout)
    assert stdout.getvalue().startswith(f"Медиаплан на ноябрь 2026 (1 строка) сохранён в {out} (")

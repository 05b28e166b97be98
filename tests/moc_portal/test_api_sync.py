"""A client keeps a copy of every resource with `updated_after`: after objects are created,
changed, archived, unpublished and deleted between two syncs, its copy equals the server's."""

import datetime
import re

import pytest
from django.urls import reverse

from best_practices.models import Status
from best_practices.services.saving import save_practice
from events.models import NewsItem
from events.services.saving import save_document
from programs.models import Program
from programs.services import save_organization, save_program
from tests.best_practices.factories import make_practice
from tests.events.conftest import make_document, make_event, make_news
from tests.factories import make_organization, make_program

pytestmark = pytest.mark.django_db

KINDS = ["organizations", "programs", "events", "news", "documents", "practices"]


def walk(client, kind, **params):
    """Every item of every page, following `next`, two at a time (cursor + markers)."""
    items, params = [], {"limit": 2, **params}
    while True:
        response = client.get(reverse(f"api:{kind}_list"), params)
        assert response.status_code == 200, response.content
        body = response.json()
        items += body["results"]
        if not body["next"]:
            return items
        params["cursor"] = re.search(r"cursor=([^&]+)", body["next"]).group(1)


class Copy:
    """What an integrator keeps: items by uuid per resource, and where to resume."""

    def __init__(self):
        self.items = {kind: {} for kind in KINDS}
        self.since = {}

    def sync(self, client):
        received = {}
        for kind in KINDS:
            params = {"updated_after": self.since[kind]} if kind in self.since else {}
            items = walk(client, kind, **params)
            received[kind] = items
            for item in items:
                if item["deleted"]:
                    self.items[kind].pop(item["uuid"], None)
                else:
                    self.items[kind][item["uuid"]] = item
            if items:
                self.since[kind] = max(
                    (item["updated_at"] for item in items), key=datetime.datetime.fromisoformat
                )
        return received


def server_state(client):
    return {kind: {item["uuid"]: item for item in walk(client, kind)} for kind in KINDS}


def test_a_client_syncing_with_updated_after_ends_with_the_servers_copy(client, time_machine):
    kept, renamed, deactivated = make_organization(), make_organization(), make_organization()
    changed = make_program(organization=kept)
    archived = make_program(organization=kept)
    of_renamed = make_program(organization=renamed)
    of_deactivated = make_program(organization=deactivated)
    make_program(organization=kept, status=Program.Status.DRAFT)
    make_event()
    event_deleted = make_event()
    news_kept, news_unpublished = make_news(), make_news()
    news_later = make_news(days_ago=-1 / 24)  # dated in an hour: not public yet
    document_changed, document_deleted = make_document(), make_document()
    practice_kept = make_practice(status=Status.PUBLISHED, organization=renamed)
    practice_returned = make_practice(status=Status.PUBLISHED)

    copy = Copy()
    first = copy.sync(client)
    assert len(copy.items["programs"]) == 4
    assert str(news_later.uuid) not in copy.items["news"]
    assert not any(item["deleted"] for items in first.values() for item in items)

    time_machine.shift(datetime.timedelta(minutes=5))
    added = make_program(organization=kept)
    changed.title = "Новое название"
    save_program(changed)
    archived.status = Program.Status.ARCHIVED
    save_program(archived)
    renamed.short_name = "Переименованная организация"
    save_organization(renamed)
    deactivated.is_active = False
    save_organization(deactivated)
    event_deleted.delete()
    news_unpublished.status = NewsItem.Status.DRAFT
    news_unpublished.save()
    document_changed.title = "Изменённый документ"
    save_document(document_changed)
    document_deleted.delete()
    practice_returned.status = Status.RETURNED
    save_practice(practice_returned)
    time_machine.shift(datetime.timedelta(hours=2))  # the news dated ahead is due now

    second = copy.sync(client)
    server = server_state(client)
    for kind in KINDS:
        assert copy.items[kind] == server[kind], kind
        uuids = [item["uuid"] for item in second[kind]]
        assert len(uuids) == len(set(uuids)), f"{kind}: an object came twice in one sync"

    programs = copy.items["programs"]
    assert set(programs) == {str(p.uuid) for p in (changed, of_renamed, added)}
    assert programs[str(changed.uuid)]["title"] == "Новое название"
    assert programs[str(of_renamed.uuid)]["organization"]["short_name"] == (
        "Переименованная организация"
    )
    markers = {item["uuid"] for item in second["programs"] if item["deleted"]}
    assert {str(archived.uuid), str(of_deactivated.uuid)} <= markers
    assert str(event_deleted.uuid) in {i["uuid"] for i in second["events"] if i["deleted"]}
    assert set(copy.items["news"]) == {str(news_kept.uuid), str(news_later.uuid)}
    assert copy.items["documents"][str(document_changed.uuid)]["title"] == "Изменённый документ"
    assert str(document_deleted.uuid) not in copy.items["documents"]
    assert set(copy.items["practices"]) == {str(practice_kept.uuid)}
    assert copy.items["practices"][str(practice_kept.uuid)]["organization"]["short_name"] == (
        "Переименованная организация"
    )
    assert str(deactivated.uuid) not in copy.items["organizations"]

    third = copy.sync(client)
    assert all(items == [] for items in third.values()), "nothing changed: nothing comes"

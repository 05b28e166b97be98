"""What a program shows of other rows (its places, its направленность and levels) is part of
its change: after such an edit, `updated_after=<the last mark>` brings the program back with
the new data, and not the programs the edit does not touch (programs.program_changes)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import Direction, Level, Organization, Place, Program
from tests.factories import make_organization, make_program
from tests.moc_portal.test_api_sync import walk
from tests.pages import opened

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    """A program meeting at a place, and an unrelated one of another organization,
    direction and level; both last changed an hour ago."""
    organization = make_organization()
    place = Place.objects.create(organization=organization, name="Корпус 1", address="ул. Мира, 1")
    program = make_program(organization=organization)
    program.places.add(place)
    other = make_program(direction="art", levels=("base",))
    other.places.add(Place.objects.create(organization=other.organization, address="ул. Ленина"))
    earlier = timezone.now() - datetime.timedelta(hours=1)
    Program.objects.update(updated_at=earlier)
    Organization.objects.update(updated_at=earlier)
    return program, place, other


def mark(client):
    """The client's mark: the latest `updated_at` of its full copy."""
    items = walk(client, "programs")
    return max((item["updated_at"] for item in items), key=datetime.datetime.fromisoformat)


def changed_since(client, since):
    return {item["uuid"]: item for item in walk(client, "programs", updated_after=since)}


def place_form(admin_client, place):
    return opened(admin_client, reverse("admin:programs_place_change", args=[place.pk]))


def test_a_place_renamed_in_the_admin_brings_its_programs_back(admin_client, catalogue):
    program, place, other = catalogue
    since = mark(admin_client)
    url = reverse("admin:programs_place_change", args=[place.pk])
    response = admin_client.post(url, {**place_form(admin_client, place), "name": "Корпус 2"})
    assert response.status_code == 302
    changed = changed_since(admin_client, since)
    assert set(changed) == {str(program.uuid)}
    assert changed[str(program.uuid)]["places"] == [{"name": "Корпус 2", "address": "ул. Мира, 1"}]


def test_a_place_given_a_new_address_and_point_brings_its_programs_back(admin_client, catalogue):
    program, place, other = catalogue
    since = mark(admin_client)
    url = reverse("admin:programs_place_change", args=[place.pk])
    data = {
        **place_form(admin_client, place),
        "address": "ул. Мира, 15",
        "latitude": "58.052410",
        "longitude": "37.115780",
    }
    assert admin_client.post(url, data).status_code == 302
    place.refresh_from_db()
    assert place.has_point
    changed = changed_since(admin_client, since)
    assert set(changed) == {str(program.uuid)}
    assert changed[str(program.uuid)]["places"][0]["address"] == "ул. Мира, 15"


def test_a_place_deleted_in_the_admin_brings_its_programs_back(admin_client, catalogue):
    program, place, other = catalogue
    since = mark(admin_client)
    url = reverse("admin:programs_place_delete", args=[place.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Place.objects.filter(pk=place.pk).exists()
    changed = changed_since(admin_client, since)
    assert set(changed) == {str(program.uuid)}
    assert changed[str(program.uuid)]["places"] == []


def test_a_place_added_in_the_programs_change_form_brings_it_back(admin_client, catalogue):
    """The form saves the program too (so this held before the links moved it): a guard."""
    program, place, other = catalogue
    second = Place.objects.create(organization=program.organization, address="ул. Садовая, 3")
    Program.objects.update(updated_at=timezone.now() - datetime.timedelta(hours=1))
    since = mark(admin_client)
    url = reverse("admin:programs_program_change", args=[program.pk])
    data = {**opened(admin_client, url), "places": [str(place.pk), str(second.pk)]}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    changed = changed_since(admin_client, since)
    assert set(changed) == {str(program.uuid)}
    addresses = {p["address"] for p in changed[str(program.uuid)]["places"]}
    assert addresses == {"ул. Мира, 1", "ул. Садовая, 3"}


def test_a_place_removed_in_the_programs_change_form_brings_it_back(admin_client, catalogue):
    program, place, other = catalogue
    since = mark(admin_client)
    url = reverse("admin:programs_program_change", args=[program.pk])
    data = {key: value for key, value in opened(admin_client, url).items() if key != "places"}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    changed = changed_since(admin_client, since)
    assert set(changed) == {str(program.uuid)}
    assert changed[str(program.uuid)]["places"] == []


def test_a_place_added_or_removed_without_a_save_of_the_program_brings_it_back(client, catalogue):
    """The links written alone (a service, the shell): m2m_changed from either side."""
    program, place, other = catalogue
    second = Place.objects.create(organization=program.organization, address="ул. Садовая, 3")
    since = mark(client)
    program.places.add(second)
    changed = changed_since(client, since)
    assert set(changed) == {str(program.uuid)}
    assert len(changed[str(program.uuid)]["places"]) == 2

    since = mark(client)
    place.programs.remove(program)
    changed = changed_since(client, since)
    assert set(changed) == {str(program.uuid)}
    assert [p["address"] for p in changed[str(program.uuid)]["places"]] == ["ул. Садовая, 3"]

    since = mark(client)
    second.programs.clear()
    changed = changed_since(client, since)
    assert set(changed) == {str(program.uuid)}
    assert changed[str(program.uuid)]["places"] == []


@pytest.mark.parametrize(
    ("model", "code", "field"), [(Direction, "tech", "direction"), (Level, "start", "levels")]
)
def test_a_closed_list_entry_renamed_in_the_admin_brings_its_programs_back(
    admin_client, catalogue, model, code, field
):
    program, place, other = catalogue
    entry = model.objects.get(code=code)
    since = mark(admin_client)
    url = reverse(f"admin:programs_{model._meta.model_name}_change", args=[entry.pk])
    data = {**opened(admin_client, url), "name": "Новое название"}
    assert admin_client.post(url, data).status_code == 302
    changed = changed_since(admin_client, since)
    assert set(changed) == {str(program.uuid)}
    shown = changed[str(program.uuid)][field]
    assert (shown if field == "levels" else [shown]) == [{"code": code, "name": "Новое название"}]


def test_a_closed_list_entry_only_reordered_moves_no_program(admin_client, catalogue):
    entry = Direction.objects.get(code="tech")
    since = mark(admin_client)
    url = reverse("admin:programs_direction_change", args=[entry.pk])
    data = {**opened(admin_client, url), "order": str(entry.order + 1)}
    assert admin_client.post(url, data).status_code == 302
    assert changed_since(admin_client, since) == {}


def test_a_place_given_a_point_by_the_import_brings_back_its_other_programs(client, organization):
    """The import updates places in bulk (no post_save): the programs meeting there that are
    not in the file move too."""
    from programs.services.imports import import_programs
    from tests.programs.test_import import HEADER, csv_bytes, errors_of

    header = [*HEADER, "Навигатор", "Адрес", "Координаты"]

    def imported(coordinates):
        row = ["Первая", "ДДТ Красный Холм", "техническая", "базовый", 7, 12, ""]
        content = csv_bytes([header, [*row, "ул. Мира, 5", coordinates]])
        assert errors_of(import_programs(content, filename="x.csv")) == []

    imported("")
    place = Place.objects.get(address="ул. Мира, 5")
    sharing = make_program(organization=organization)
    sharing.places.add(place)
    other = make_program()
    earlier = timezone.now() - datetime.timedelta(hours=1)
    Program.objects.update(updated_at=earlier)
    Organization.objects.update(updated_at=earlier)
    since = mark(client)
    imported("58.0524, 37.1158")
    place.refresh_from_db()
    assert place.has_point
    changed = changed_since(client, since)
    assert str(sharing.uuid) in changed
    assert str(other.uuid) not in changed

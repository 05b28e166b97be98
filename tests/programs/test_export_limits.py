"""The whole-catalogue exports are cached per filter set and content version, never stale, and
limited per client address (issue 17, item 5)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import Program
from programs.services import delete_programs, save_organization, save_program, set_program_status
from programs.views import EXPORTS
from tests.factories import make_organization, make_program
from tests.programs.test_exports import exported_records

pytestmark = pytest.mark.django_db


def export(client, file_format="json", query="", address="203.0.113.1"):
    url = reverse("programs:export", kwargs={"file_format": file_format})
    return client.get(f"{url}?{query}" if query else url, REMOTE_ADDR=address)


def titles(response):
    return [record["title"] for record in json.loads(response.content)["programs"]]


def program_reads(queries):
    """Queries that read program rows (the aggregate of the content version does not)."""
    return [q["sql"] for q in queries if "programs_program_levels" in q["sql"]]


def test_the_same_filters_written_differently_are_served_from_the_cache(client):
    make_program(title="Робототехника", direction="tech")
    first = export(client, query="direction=tech&age=9&sort=title")

    with CaptureQueriesContext(connection) as queries:
        again = export(client, query="sort=title&age=9&page=3&utm=x&direction=tech")

    assert again.content == first.content
    assert program_reads(queries.captured_queries) == []


def test_each_filter_set_has_its_own_file(client):
    make_program(title="Робототехника", direction="tech")
    make_program(title="Хор", direction="art")

    assert titles(export(client, query="direction=tech")) == ["Робототехника"]
    assert titles(export(client, query="direction=art")) == ["Хор"]
    assert sorted(titles(export(client))) == ["Робототехника", "Хор"]


@pytest.mark.parametrize("file_format", ["csv", "json", "xlsx"])
def test_a_saved_program_changes_the_export_at_once(client, file_format):
    program = make_program(title="Робототехника")
    before = exported_records(export(client, file_format), file_format)

    program.title = "Робототехника для старших"
    save_program(program)

    after = exported_records(export(client, file_format), file_format)
    assert [r["title"] for r in before] == ["Робототехника"]
    assert [r["title"] for r in after] == ["Робототехника для старших"]


def test_bulk_changes_added_and_removed_programs_and_renamed_organizations_show_at_once(
    client, django_user_model
):
    organization = make_organization(short_name="ДДТ")
    kept = make_program(title="Хор", organization=organization)
    gone = make_program(title="Шахматы", organization=organization)
    assert sorted(titles(export(client))) == ["Хор", "Шахматы"]

    methodist = django_user_model.objects.create_user("olga", is_staff=True)
    set_program_status(Program.objects.filter(pk=gone.pk), "archived", methodist)
    assert titles(export(client)) == ["Хор"]

    make_program(title="Танцы", organization=organization)
    assert sorted(titles(export(client))) == ["Танцы", "Хор"]

    delete_programs(Program.objects.filter(title="Танцы"))
    assert titles(export(client)) == ["Хор"]

    organization.short_name = "Дом творчества"
    save_organization(organization)
    (record,) = json.loads(export(client).content)["programs"]
    assert (record["title"], record["organization"]) == (kept.title, "Дом творчества")


def test_too_many_exports_from_one_address_get_the_russian_429_others_are_served(client):
    make_program()
    for _ in range(EXPORTS.count):
        assert export(client, address="203.0.113.1").status_code == 200

    refused = export(client, "xlsx", address="203.0.113.1")

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= EXPORTS.window
    html = refused.content.decode()
    assert '<html lang="ru"' in html and "Выгрузку каталога" in html
    assert export(client, address="203.0.113.2").status_code == 200


def test_an_unknown_format_is_not_found_and_not_counted(client):
    for _ in range(EXPORTS.count + 1):
        assert export(client, "pdf").status_code == 404
    assert export(client).status_code == 200

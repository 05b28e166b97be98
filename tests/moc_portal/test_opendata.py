"""Open data by the recommendations 3.0: list, passports, structures and dated versions."""

import csv
import datetime
import io
import json
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from moc_portal import demo
from moc_portal.models import OpenDataVersion, SiteSettings
from moc_portal.opendata import services
from moc_portal.opendata.datasets import DATASETS
from moc_portal.tasks import publish_open_data
from programs.models import Program
from programs.services import save_program
from tests.factories import make_organization, make_program

pytestmark = pytest.mark.django_db

INN = "6900000004"
# The passport's properties the recommendations (and the issue) require.
PASSPORT = {
    "standardversion",
    "identifier",
    "title",
    "description",
    "creator",
    "publishername",
    "publisherphone",
    "publishermbox",
    "format",
    "data",
    "structure",
    "created",
    "modified",
    "provenance",
    "periodicity",
    "subject",
    "license",
}


@pytest.fixture
def site():
    settings = SiteSettings.load()
    settings.operator_inn = INN
    settings.operator_name = "МБОУ ДО «Дом детского творчества»"
    settings.opendata_responsible = "Методист Иванова М. С."
    settings.opendata_phone = "+7 (48237) 2-14-56"
    settings.opendata_email = "opendata@example.org"
    settings.save()
    return settings


def local(url):
    """An absolute address in a file → the path the test client asks for."""
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https") and parts.netloc
    return parts.path


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def read_json(response):
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def meta(client, code, file_format="csv"):
    response = get(
        client, reverse("opendata:meta", kwargs={"code": code, "file_format": file_format})
    )
    if file_format == "json":
        return read_json(response)
    rows = read_csv(response)
    assert rows[0] == ["property", "value"]
    return dict(rows[1:])


def next_day(time_machine, days=1):
    time_machine.move_to(timezone.now() + datetime.timedelta(days=days))


def data_rows(client, code, file_format="json"):
    passport = meta(client, code, "json")
    url = passport["data_json"] if file_format == "json" else passport["data"]
    response = get(client, local(url))
    if file_format == "json":
        return read_json(response)
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_the_demos_list_passports_structures_and_data_parse_back(client, migrated_rows):
    demo.seed_demo(programs=30, organizations=4, seed=1, password="demo-pass-123")
    site = SiteSettings.load()

    listed_csv = read_csv(get(client, reverse("opendata:list", kwargs={"file_format": "csv"})))
    assert listed_csv[0] == ["property", "title", "value", "format"]
    assert [row[0] for row in listed_csv[1:]] == [f"{site.operator_inn}-{c}" for c in DATASETS]
    listed_json = read_json(get(client, reverse("opendata:list", kwargs={"file_format": "json"})))
    assert [entry["identifier"] for entry in listed_json["meta"]] == [
        row[0] for row in listed_csv[1:]
    ]

    for identifier, title, link, file_format in listed_csv[1:]:
        code = identifier.removeprefix(f"{site.operator_inn}-")
        assert title == DATASETS[code].title and file_format == "csv"
        passport = dict(read_csv(get(client, local(link)))[1:])
        assert set(passport) >= PASSPORT
        assert all(passport[name] for name in PASSPORT), passport
        assert passport["identifier"] == identifier
        assert passport["creator"] == site.operator_name
        assert passport["publishermbox"] == site.opendata_email
        assert passport["created"] == passport["modified"] == "20261203"
        assert passport["format"] == "csv"
        assert passport["standardversion"] == services.STANDARD_VERSION
        # The dated names of the current version are listed with their addresses.
        assert passport["data-20261203-structure-20261203"] == passport["data"]
        assert passport["structure-20261203"] == passport["structure"]

        structure = read_csv(get(client, local(passport["structure"])))
        assert structure[0] == [
            "field name",
            "english description",
            "russian description",
            "format",
        ]
        names = [row[0] for row in structure[1:]]
        assert names == [field.name for field in DATASETS[code].fields]
        assert all(row[2] and row[3] for row in structure[1:])
        structure_json = read_json(
            get(client, local(passport["structure"]).replace(".csv", ".json"))
        )
        assert [field["name"] for field in structure_json["fields"]] == names
        assert all(
            list(field) == ["name", "english", "russian", "format"]
            for field in structure_json["fields"]
        )

        rows = list(csv.reader(io.StringIO(get(client, local(passport["data"])).content.decode())))
        assert rows[0] == names and len(rows) > 1
        records = read_json(get(client, local(meta(client, code, "json")["data_json"])))
        assert len(records) == len(rows) - 1
        assert all(list(record) == names for record in records)

    public = Program.objects.public().count()
    assert len(data_rows(client, "programs")) == public
    assert len(data_rows(client, "events")) == Event.objects.public().count()


def test_the_passport_json_carries_the_same_properties(client, site):
    make_program(title="Робототехника")
    services.publish_changed_sets()
    passport = meta(client, "programs", "json")
    assert set(passport) >= PASSPORT
    assert passport["identifier"] == f"{INN}-programs"
    assert passport["publishername"] == "Методист Иванова М. С."
    assert passport["publisherphone"] == "+7 (48237) 2-14-56"
    (version,) = passport["versions"]
    assert version["name"] == "data-20261203-structure-20261203" and version["records"] == 1
    assert local(version["csv"]) == local(passport["data"])


def test_a_changed_program_makes_a_new_version_and_the_old_one_stays(client, site, time_machine):
    program = make_program(title="Робототехника")
    assert services.publish_changed_sets() == ["programs", "organizations", "events"]
    first = meta(client, "programs")["data"]

    next_day(time_machine)
    program.title = "Робототехника и программирование"
    save_program(program)
    assert "programs" in services.publish_changed_sets()

    passport = meta(client, "programs")
    assert passport["created"] == "20261203" and passport["modified"] == "20261204"
    assert passport["data"] != first
    assert passport["data-20261203-structure-20261203"] == first
    assert passport["provenance"].startswith("Добавлено: 0, изменено: 1, удалено: 0")
    old = list(csv.DictReader(io.StringIO(get(client, local(first)).content.decode())))
    new = data_rows(client, "programs")
    assert [row["title"] for row in old] == ["Робототехника"]
    assert [row["title"] for row in new] == ["Робототехника и программирование"]


def test_unchanged_data_on_the_next_day_make_no_new_version(site, time_machine):
    make_program()
    services.publish_changed_sets()
    next_day(time_machine)
    assert services.publish_changed_sets() == []
    assert OpenDataVersion.objects.filter(dataset="programs").count() == 1


def test_a_second_change_on_the_same_day_waits_for_the_next_day(site, time_machine):
    program = make_program(title="Шахматы")
    services.publish_changed_sets()
    program.title = "Шахматы для начинающих"
    save_program(program)
    assert services.publish_changed_sets() == []  # at most one version a day
    next_day(time_machine)
    assert services.publish_changed_sets() == ["programs"]


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Program.Status.DRAFT},
        {"status": Program.Status.MODERATION},
        {"status": Program.Status.ARCHIVED},
        {"organization_active": False},
    ],
)
def test_a_hidden_program_is_not_in_the_data(client, site, hidden):
    make_program(title="Открытая")
    if "organization_active" in hidden:
        make_program(title="Скрытая", organization=make_organization(is_active=False))
    else:
        make_program(title="Скрытая", **hidden)
    services.publish_changed_sets()
    assert [row["title"] for row in data_rows(client, "programs")] == ["Открытая"]
    assert [row["title"] for row in data_rows(client, "programs", "csv")] == ["Открытая"]


def test_archiving_a_program_is_a_change_that_removes_it(client, site, time_machine):
    program = make_program(title="Керамика")
    make_program(title="Шахматы")
    services.publish_changed_sets()
    next_day(time_machine)
    program.status = Program.Status.ARCHIVED
    save_program(program)
    services.publish_changed_sets()
    assert [row["title"] for row in data_rows(client, "programs")] == ["Шахматы"]
    assert "удалено: 1" in meta(client, "programs")["provenance"]


def test_a_changed_structure_gets_its_own_date(client, site, time_machine, monkeypatch):
    make_program()
    services.publish_changed_sets()
    next_day(time_machine)
    dataset = DATASETS["programs"]
    fewer = dataset.__class__(**{**dataset.__dict__, "fields": dataset.fields[:-1]})
    monkeypatch.setitem(DATASETS, "programs", fewer)
    assert services.publish_changed_sets() == ["programs"]
    passport = meta(client, "programs")
    assert local(passport["data"]).endswith("/data-20261204-structure-20261204.csv")
    assert "structure-20261203" in passport and "structure-20261204" in passport
    assert "изменена структура" in passport["provenance"]


def test_csv_keeps_lists_booleans_and_empty_values_readable(client, site):
    make_program(title="=HYPERLINK()", levels=("start", "base"), is_network=True)
    services.publish_changed_sets()
    (row,) = data_rows(client, "programs", "csv")
    assert row["levels"] == "base;start"
    assert row["network"] == "true" and row["ovz"] == "false"
    assert row["duration_months"] == ""
    assert row["title"] == "'=HYPERLINK()"  # never a formula in a spreadsheet
    (record,) = data_rows(client, "programs", "json")
    assert record["title"] == "=HYPERLINK()" and record["levels"] == ["base", "start"]


def test_the_daily_task_publishes_through_the_service(site, eager_tasks):
    make_program()
    publish_open_data.delay()
    assert set(OpenDataVersion.objects.values_list("dataset", flat=True)) == set(DATASETS)


def test_the_page_lists_every_set_with_its_passport_and_versions(client, site, time_machine):
    program = make_program(title="Робототехника")
    services.publish_changed_sets()
    next_day(time_machine)
    program.title = "Робототехника 2"
    save_program(program)
    services.publish_changed_sets()
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    sets = {entry["code"]: entry for entry in response.context["sets"]}
    assert list(sets) == list(DATASETS)
    assert [v.published_on.day for v in sets["programs"]["versions"]] == [4, 3]
    html = response.content.decode()
    for version in sets["programs"]["versions"]:
        assert local(services.data_url(version)) in html
        assert local(services.data_url(version, "json")) in html
    assert f"{INN}-programs" in html
    assert 'style="' not in html and "<script>" not in html
    assert "Content-Security-Policy" in response


def test_the_page_says_when_a_set_is_not_published_yet(client, site):
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    assert all(entry["current"] is None for entry in response.context["sets"])
    passport = meta(client, "programs")
    assert passport["data"] == "" and passport["identifier"] == f"{INN}-programs"


@pytest.mark.parametrize(
    "path",
    [
        "/opendata/nothing/meta.csv",
        "/opendata/programs/meta.xml",
        "/opendata/programs/data-20261340-structure-20261203.csv",
        "/opendata/programs/data-20261203-structure-20261203.csv",
        "/opendata/programs/structure-20200101.json",
        "/opendata/list.xlsx",
    ],
)
def test_unknown_sets_dates_and_formats_are_404(client, site, path):
    assert client.get(path).status_code == 404


def test_files_refuse_writes(client, site):
    assert client.post(reverse("opendata:index")).status_code == 405


@pytest.mark.parametrize("versions", [2, 40])
def test_pages_run_a_fixed_number_of_queries(client, site, django_assert_max_num_queries, versions):
    make_program()
    day = timezone.localdate()
    first = day - datetime.timedelta(days=versions)
    for index in range(versions):
        for code in DATASETS:
            OpenDataVersion.objects.create(
                dataset=code,
                published_on=day - datetime.timedelta(days=index),
                structure_on=first,
                rows=[{"id": index}],
                row_count=1,
                digest=str(index),
                structure_digest="s",
                change="Изменено: 1.",
            )
    urls = [
        reverse("opendata:index"),
        reverse("opendata:list", kwargs={"file_format": "json"}),
        reverse("opendata:meta", kwargs={"code": "events", "file_format": "csv"}),
        reverse("opendata:meta", kwargs={"code": "events", "file_format": "json"}),
        f"/opendata/programs/data-{day:%Y%m%d}-structure-{first:%Y%m%d}.csv",
        f"/opendata/programs/structure-{first:%Y%m%d}.json",
    ]
    for url in urls:
        with django_assert_max_num_queries(3):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("inn", ["6900000004", "500100732259", ""])
def test_the_site_settings_take_a_valid_inn(site, inn):
    site.operator_inn = inn
    site.full_clean()


@pytest.mark.parametrize("inn", ["6900000000", "69000000041", "69000000ab", "500100732258"])
def test_the_site_settings_refuse_an_inn_with_wrong_digits(site, inn):
    site.operator_inn = inn
    with pytest.raises(ValidationError) as error:
        site.full_clean()
    assert "operator_inn" in error.value.message_dict


def test_the_site_settings_refuse_a_phone_with_letters(site):
    site.opendata_phone = "звоните в обед"
    with pytest.raises(ValidationError) as error:
        site.full_clean()
    assert "opendata_phone" in error.value.message_dict


@pytest.mark.usefixtures("page_cache")
def test_a_kept_page_shows_a_new_version_at_once(
    site, time_machine, django_capture_on_commit_callbacks
):
    from django.test import Client

    with django_capture_on_commit_callbacks(execute=True):
        program = make_program(title="Робототехника")
        services.publish_changed_sets()
    anonymous = Client()
    assert "data-20261203-structure-20261203.csv" in anonymous.get("/opendata/").content.decode()
    next_day(time_machine)
    with django_capture_on_commit_callbacks(execute=True):
        program.title = "Робототехника 2"
        save_program(program)
    assert "data-20261204" not in anonymous.get("/opendata/").content.decode()  # kept anew
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_changed_sets()
    assert "data-20261204-structure-20261203.csv" in anonymous.get("/opendata/").content.decode()

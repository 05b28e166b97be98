"""The open API (/api/v1/): what a list and an object look like, strict parameters, ETag and
304, CORS for reading only, the per-client limit, the schema and the documentation page."""

import json
import re

import pytest
from django.urls import reverse

from best_practices.models import Practice
from events.models import Document, Event, NewsItem
from programs.models import Program
from programs.services import save_organization
from tests.factories import make_organization, make_program

pytestmark = pytest.mark.django_db

KINDS = ["organizations", "programs", "events", "news", "documents", "practices"]


def get(client, kind, **params):
    return client.get(reverse(f"api:{kind}_list"), params)


@pytest.mark.parametrize("kind", KINDS)
def test_every_list_answers_json_even_when_empty(client, kind):
    response = get(client, kind)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"next": None, "results": []}


def test_a_program_is_exported_with_its_schedule_places_and_payment(client):
    program = make_program(places_available=5, accepts_certificate=True)
    program.schedule_slots.create(weekday=1, starts_at="15:00", ends_at="16:30")
    [item] = get(client, "programs").json()["results"]
    assert item["uuid"] == str(program.uuid)
    assert item["deleted"] is False
    assert item["places_available"] == 5
    assert item["accepts_certificate"] is True
    assert item["organization"]["uuid"] == str(program.organization.uuid)
    assert item["direction"]["code"] == "tech"
    assert item["levels"] == [{"code": "start", "name": item["levels"][0]["name"]}]
    assert item["schedule"][0]["weekday"] == 1
    assert item["url"].endswith(program.get_absolute_url())
    detail = client.get(reverse("api:programs_detail", args=[program.uuid])).json()
    assert detail == item


def test_a_draft_is_not_exported_and_its_page_is_a_json_404(client):
    draft = make_program(status=Program.Status.DRAFT)
    assert get(client, "programs").json()["results"] == []
    response = client.get(reverse("api:programs_detail", args=[draft.uuid]))
    assert response.status_code == 404
    assert response.json()["detail"] == "Не найдено."
    assert client.get("/api/v1/programs/not-a-uuid/").status_code == 404
    assert client.get("/api/v1/no/such/thing/").json()["detail"]


def test_catalogue_filters_select_as_on_the_site(client):
    make_program(direction="tech", age_min=7, age_max=10)
    art = make_program(direction="art", age_min=12, age_max=16)
    assert [i["uuid"] for i in get(client, "programs", direction="art").json()["results"]] == [
        str(art.uuid)
    ]
    assert [i["uuid"] for i in get(client, "programs", age=14).json()["results"]] == [str(art.uuid)]


@pytest.mark.parametrize(
    "params",
    [
        {"age": "abc"},
        {"age": "100"},
        {"direction": "no-such-direction"},
        {"ovz": "maybe"},
        {"updated_after": "yesterday"},
        {"updated_after": "9999-12-31T23:59:59-23:59"},
        {"updated_after": "0001-01-01T00:00:00+01:00"},
        {"cursor": "%%%"},
        {"cursor": "WyJ4IiwgInkiXQ"},
        {"limit": "0"},
        {"limit": "-5"},
        {"limit": "100000"},
        {"limit": "²"},
        {"cursor": "WzEsIDJd"},
        {"cursor": "eyJhIjogMX0"},
        {"q": "робо\x00техника"},
    ],
)
def test_hostile_parameters_are_a_russian_400(client, params):
    response = get(client, "programs", **params)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Неверные параметры запроса."
    assert set(body["errors"]) == set(params)
    assert re.search("[а-я]", " ".join(sum(body["errors"].values(), [])))


def test_cursor_pages_cover_every_object_once(client):
    programs = [make_program() for _ in range(5)]
    seen, params = [], {"limit": 2}
    while True:
        body = get(client, "programs", **params).json()
        seen += [item["uuid"] for item in body["results"]]
        if not body["next"]:
            break
        params = {"limit": 2, "cursor": re.search(r"cursor=([^&]+)", body["next"]).group(1)}
    assert sorted(seen) == sorted(str(p.uuid) for p in programs)


def test_etag_and_last_modified_give_304(client):
    make_program()
    first = get(client, "programs")
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(reverse("api:programs_list"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(reverse("api:programs_list"), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    make_program()
    changed = client.get(reverse("api:programs_list"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200


def test_cors_lets_any_site_read_but_not_write(client):
    response = client.get(reverse("api:programs_list"), HTTP_ORIGIN="https://rmc.example.ru")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        reverse("api:programs_list"),
        HTTP_ORIGIN="https://rmc.example.ru",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 200
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    refused = client.options(
        reverse("api:programs_list"),
        HTTP_ORIGIN="https://rmc.example.ru",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert refused.status_code == 405
    assert "Access-Control-Allow-Origin" not in refused
    post = client.post(reverse("api:programs_list"), {}, HTTP_ORIGIN="https://rmc.example.ru")
    assert post.status_code == 405
    assert "Access-Control-Allow-Origin" not in post
    assert "POST" not in post["Allow"] and "GET" in post["Allow"]  # the API only reads
    assert (
        client.get("/programs/", HTTP_ORIGIN="https://x.example").get("Access-Control-Allow-Origin")
        is None
    )


def test_too_many_requests_get_a_russian_429(client, settings):
    settings.API_REQUESTS_PER_MINUTE = 3
    statuses = [get(client, "news").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = get(client, "news")
    assert refused.status_code == 429
    assert "Слишком много запросов" in refused.json()["detail"]
    assert int(refused["Retry-After"]) > 0
    other = client.get(reverse("api:news_list"), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_schema_lists_every_operation(client):
    schema = client.get(reverse("api:schema")).json()
    assert schema["openapi"].startswith("3.")
    for kind in KINDS:
        assert f"/api/v1/{kind}/" in schema["paths"]
        assert f"/api/v1/{kind}/{{uuid}}/" in schema["paths"]


def test_docs_page_runs_no_inline_script(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts
    assert all("src=" in attributes and not body.strip() for attributes, body in scripts)
    assert "style=" not in html
    assert "swagger-ui-bundle.js" in html
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_every_exported_kind_has_a_unique_uuid_and_updated_at():
    for model in (Program, Event, NewsItem, Document, Practice):
        names = {field.name for field in model._meta.get_fields()}
        assert {"uuid", "updated_at"} <= names, model
        assert model._meta.get_field("uuid").unique


def test_renaming_an_organization_touches_its_programs(client, time_machine):
    program = make_program()
    before = get(client, "programs").json()["results"][0]["updated_at"]
    time_machine.shift(60)
    organization = program.organization
    organization.short_name = "Новое имя"
    save_organization(organization)
    program.refresh_from_db()
    assert program.updated_at > Program.objects.get(pk=program.pk).created_at
    after = get(client, "programs").json()["results"][0]
    assert after["updated_at"] > before
    assert after["organization"]["short_name"] == "Новое имя"


def test_index_links_every_resource(client):
    body = client.get(reverse("api:index")).json()
    assert set(body["resources"]) == set(KINDS)
    json.dumps(body)
    assert make_organization()


def test_an_offset_postgresql_does_not_know_is_read_as_utc(client):
    make_program()
    response = get(client, "programs", updated_after="0149-04-01T18:26:44.9-17:56")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_format_is_the_catalogues_filter_not_a_renderer_choice(client):
    distance = make_program(study_form=Program.StudyForm.DISTANCE)
    make_program()
    body = get(client, "programs", format="distance").json()
    assert [item["uuid"] for item in body["results"]] == [str(distance.uuid)]
    assert get(client, "programs", format="AAA").status_code == 400

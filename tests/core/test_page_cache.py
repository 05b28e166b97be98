"""Whole anonymous pages kept in the cache (core/page_cache.py): served without SQL, never stale
after a change, never shown to or filled by staff, per version for the visually impaired, and
each visitor's form carries that visitor's own CSRF token."""

import re
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.utils import timezone

from best_practices.models import Status
from best_practices.services.saving import save_practice
from events.services.publishing import publish_events
from moc_portal.core import page_cache
from moc_portal.core.cache import reset_outage
from moc_portal.core.vision import COOKIE_NAME as VISION_COOKIE
from moc_portal.models import SiteSettings
from programs.models import Program
from programs.services import set_program_status
from tests.best_practices.factories import make_practice
from tests.events.conftest import make_event, make_news
from tests.factories import make_program

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Changes made inside it commit (the test's transaction stands in for the request's)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def text(response):
    return response.content.decode()


def test_a_second_visitor_gets_the_kept_page_without_a_query(django_assert_num_queries, committed):
    with committed():
        make_program(title="Робототехника для начинающих")
    first = Client().get("/programs/")
    with django_assert_num_queries(0):
        second = Client().get("/programs/")
    assert second.status_code == 200
    assert text(second) == text(first)
    assert "Робототехника для начинающих" in text(second)


def test_each_query_string_is_its_own_page(committed):
    with committed():
        make_program(title="Шахматы", direction="sport")
        make_program(title="Роботы", direction="tech")
    Client().get("/programs/?direction=sport")
    tech = text(Client().get("/programs/?direction=tech"))
    assert "Роботы" in tech and "Шахматы" not in tech


def test_a_changed_program_shows_at_once(committed):
    with committed():
        program = make_program(title="Старое название")
    client = Client()
    assert "Старое название" in text(client.get(f"/programs/{program.slug}/"))
    with committed():
        program.title = "Новое название"
        program.save()
    page = text(client.get(f"/programs/{program.slug}/"))
    assert "Новое название" in page and "Старое название" not in page


def test_a_status_changed_in_bulk_shows_at_once(committed, django_user_model):
    with committed():
        program = make_program(title="Гончарная мастерская")
    methodist = django_user_model.objects.create_superuser("m", password="x")
    assert "Гончарная мастерская" in text(Client().get("/programs/"))
    with committed():
        set_program_status(
            Program.objects.filter(pk=program.pk), Program.Status.ARCHIVED, methodist
        )
    assert "Гончарная мастерская" not in text(Client().get("/programs/"))
    assert Client().get(f"/programs/{program.slug}/").status_code == 404


def test_an_event_published_in_bulk_shows_at_once(committed):
    with committed():
        event = make_event(title="Фестиваль робототехники", status="draft")
    assert "Фестиваль робототехники" not in text(Client().get("/events/"))
    with committed():
        assert publish_events([event]) == 1
    assert "Фестиваль робототехники" in text(Client().get("/events/"))


def test_news_shows_at_once(committed):
    assert "Итоги конкурса" not in text(Client().get("/news/"))
    with committed():
        make_news(title="Итоги конкурса")
    assert "Итоги конкурса" in text(Client().get("/news/"))


def test_a_published_practice_shows_at_once(committed):
    with committed():
        practice = make_practice(Status.REVIEW, title="Выездной кружок")
    assert "Выездной кружок" not in text(Client().get("/practices/"))
    with committed():
        practice.status = Status.PUBLISHED
        practice.published_at = timezone.now()
        save_practice(practice)
    assert "Выездной кружок" in text(Client().get("/practices/"))


def test_a_changed_site_setting_shows_at_once(committed):
    Client().get("/about/")
    with committed():
        site = SiteSettings.load()
        site.moc_name = "МОЦ Новоприморского округа"
        site.save()
    assert "МОЦ Новоприморского округа" in text(Client().get("/about/"))


def test_staff_neither_see_nor_fill_kept_pages(client, django_user_model, committed):
    with committed():
        make_program(title="Театральная студия")
    staff = django_user_model.objects.create_superuser("m", password="x")
    client.force_login(staff)
    staff_page = text(client.get("/programs/"))
    assert 'href="/admin/"' in staff_page  # the staff version of the header
    anonymous_page = text(Client().get("/programs/"))
    assert 'href="/admin/"' not in anonymous_page  # not the page staff rendered
    assert text(client.get("/programs/")) != anonymous_page  # nor staff the kept one


def test_the_version_for_the_visually_impaired_is_kept_apart(committed):
    with committed():
        make_program()
    plain = text(Client().get("/programs/"))
    vision_client = Client()
    vision_client.cookies[VISION_COOKIE] = "font:3|scheme:bw"
    vision = text(vision_client.get("/programs/"))
    assert vision != plain
    assert text(Client().get("/programs/")) == plain


def test_each_visitor_posts_the_kept_form_with_their_own_token():
    token_pattern = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_token = token_pattern.search(text(first.get("/contacts/"))).group(1)
    second_page = second.get("/contacts/")  # served from the cache
    second_token = token_pattern.search(text(second_page)).group(1)
    assert page_cache.CSRF_PLACEHOLDER not in text(second_page)
    assert second_token != first_token
    assert "csrftoken" in second_page.cookies
    for client, token in ((first, first_token), (second, second_token)):
        response = client.post("/contacts/", {"csrfmiddlewaretoken": token, "text": ""})
        assert response.status_code == 200  # the form's own errors, not a CSRF refusal (403)
    assert second.post("/contacts/", {"csrfmiddlewaretoken": first_token}).status_code == 403


def test_a_kept_page_answers_not_modified_to_its_etag():
    etag = Client().get("/about/")["ETag"]
    response = Client().get("/about/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


@pytest.mark.parametrize(
    "url", ["/programs/export.csv", "/programs/no-such-program/", "/practices/submit/"]
)
def test_what_is_not_a_public_page_is_rendered_each_time(url, django_assert_max_num_queries):
    Client().get(url)
    with django_assert_max_num_queries(50) as queries:
        Client().get(url)
    assert len(queries.captured_queries) > 0


def test_a_visitor_with_a_pending_message_gets_the_page_rendered(django_assert_max_num_queries):
    Client().get("/about/")
    client = Client()
    client.cookies["messages"] = "anything"
    with django_assert_max_num_queries(50) as queries:
        client.get("/about/")
    assert len(queries.captured_queries) > 0


def test_pages_render_when_the_cache_is_down(monkeypatch, committed):
    with committed():
        make_program(title="Хоровая студия")

    def unreachable(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(cache, "get", unreachable)
    monkeypatch.setattr(cache, "set", unreachable)
    try:
        response = Client().get("/programs/")
    finally:
        reset_outage()
    assert response.status_code == 200
    assert "Хоровая студия" in text(response)


def kept_page(url):
    """What the page cache keeps for an anonymous GET of `url` (None: nothing)."""
    return cache.get(page_cache._key(RequestFactory().get(url)))


@pytest.mark.parametrize("near", ["58.06,37.11", "58,06; 37,11", "not-a-point", ""])
def test_a_catalogue_page_with_a_familys_point_is_kept_by_no_cache(
    near, committed, django_assert_max_num_queries
):
    with committed():
        make_program(title="Кружок рядом")
    url = "/programs/?" + urlencode({"near": near, "sort": "distance"})
    first = Client().get(url)
    assert first.status_code == 200
    assert "no-store" in first["Cache-Control"]
    assert kept_page(url) is None
    with django_assert_max_num_queries(50) as queries:
        second = Client().get(url)  # rendered again, not served from a kept page
    assert len(queries.captured_queries) > 0
    assert "no-store" in second["Cache-Control"]


def test_a_catalogue_page_without_a_point_is_still_kept(committed):
    with committed():
        make_program(title="Кружок рядом")
    url = "/programs/?sort=title"
    response = Client().get(url)
    assert "no-store" not in response.get("Cache-Control", "")
    assert kept_page(url) is not None

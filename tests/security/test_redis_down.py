"""Redis down: every public page, the exports and the admin login fall back to the database
(issue 9, item 4). Here the cache points at a port where nothing listens; the fault test in
test_faults.py stops and starts a real Redis."""

import logging

import pytest
from django.core.cache.backends.redis import RedisCache
from django.urls import reverse

from moc_portal.core import cache as degrading_cache
from tests.factories import make_program

from .conftest import PASSWORD

PUBLIC_URLS = [
    "/",
    "/programs/",
    "/programs/?direction=tech&age=9",
    "/organizations/",
    "/about/",
    "/contacts/",
    "/programs/export.csv",
    "/programs/export.xlsx",
    "/programs/export.json",
    "/admin/login/",
]


def redis_cache(location):
    """A Redis cache at `location`, failing fast, as settings.py configures it."""
    return RedisCache(location, {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}})


@pytest.fixture
def redis_unreachable(monkeypatch):
    # Every cache read goes through moc_portal.core.cache (the point of it): pointing its
    # cache at a port where nothing listens is Redis down for the whole site.
    degrading_cache.reset_outage()
    monkeypatch.setattr(degrading_cache, "cache", redis_cache("redis://127.0.0.1:1/0"))
    yield
    degrading_cache.reset_outage()


@pytest.mark.django_db
def test_public_pages_exports_and_the_admin_login_answer_while_redis_is_down(
    client, redis_unreachable
):
    program = make_program(title="Робототехника")
    for url in [*PUBLIC_URLS, program.get_absolute_url(), program.organization.get_absolute_url()]:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_staff_log_in_while_redis_is_down(client, redis_unreachable, make_staff):
    make_staff("methodist", username="olga")
    response = client.post(
        reverse("admin:login"), {"username": "olga", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_the_outage_is_logged_once_not_per_request(client, redis_unreachable, caplog):
    with caplog.at_level(logging.WARNING, logger="moc_portal.core.cache"):
        for _ in range(5):
            assert client.get("/programs/").status_code == 200
            degrading_cache._state.retry_at = 0  # retry the cache on every call
    warnings = [r for r in caplog.records if "Cache unreachable" in r.getMessage()]
    assert len(warnings) == 1


@pytest.mark.django_db
def test_after_a_failure_the_cache_is_not_tried_again_for_a_while(redis_unreachable, monkeypatch):
    calls = []
    original = degrading_cache.cache.get

    def counting_get(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(degrading_cache.cache, "get", counting_get)
    for _ in range(10):
        assert degrading_cache.cache_get("anything", "fallback") == "fallback"
    assert len(calls) == 1

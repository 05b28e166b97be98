import logging

import pytest
from django.core.cache import cache

from moc_portal.core import cache as resilient
from moc_portal.models import SiteSettings

pytestmark = pytest.mark.django_db


class BrokenCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Connection refused")

        return fail


@pytest.fixture
def cache_down(monkeypatch):
    monkeypatch.setattr(resilient, "cache", BrokenCache())
    monkeypatch.setattr(resilient._state, "down", False, raising=False)


def test_site_settings_come_from_the_database_while_the_cache_is_down(cache_down):
    SiteSettings.objects.filter(pk=1).update(moc_name="МОЦ из базы")

    assert SiteSettings.load().moc_name == "МОЦ из базы"


def test_an_outage_is_logged_once_not_per_request(cache_down, caplog):
    with caplog.at_level(logging.WARNING, logger="moc_portal.core.cache"):
        for _ in range(5):
            resilient.cache_get("x")
            resilient.cache_set("x", 1, 10)

    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1


def test_cached_computes_once_while_the_cache_works():
    calls = []
    compute = lambda: calls.append(1) or len(calls)  # noqa: E731

    assert resilient.cached("k", 60, compute) == 1
    assert resilient.cached("k", 60, compute) == 1
    assert calls == [1]
    cache.delete("k")


def test_saving_a_singleton_forgets_its_cached_copy():
    SiteSettings.load()
    settings = SiteSettings.objects.get(pk=1)
    settings.moc_name = "Новое имя"
    settings.save()

    assert SiteSettings.load().moc_name == "Новое имя"

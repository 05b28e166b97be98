import importlib

import pytest
from django.core.cache import cache
from django.db import connection

from moc_portal.celery import app as celery_app


@pytest.fixture(autouse=True)
def _fresh_cache():
    from moc_portal.core.cache import reset_outage

    reset_outage()  # a slow answer in one test must not leave the cache skipped in the next
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


@pytest.fixture
def eager_tasks():
    """Tasks queued with .delay() run here even when a broker is configured (REDIS_URL)."""
    saved = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = saved


MIGRATED_ROWS = [
    ("programs.migrations.0002_vocabularies_and_search_indexes", "seed_vocabularies"),
    ("monitoring.migrations.0002_starting_indicators", "seed_indicators"),
    ("moc_portal.migrations.0002_site_settings_row", "create_settings_row"),
]


@pytest.fixture
def migrated_rows(transactional_db):
    """Put back the rows data migrations create: a transactional test's flush removes them."""
    from django.apps import apps

    for module, function in MIGRATED_ROWS:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Logins in tests need no brute-force resistance; the default hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _client_login_passes_a_request(monkeypatch):
    """The lockout backend (django-axes) needs the request every real login has;
    Client.login() calls authenticate() without one."""
    from django.http import HttpRequest
    from django.test import Client

    original = Client.login

    def login(self, **credentials):
        request = HttpRequest()
        request.META["REMOTE_ADDR"] = "127.0.0.1"
        return original(self, request=request, **credentials)

    monkeypatch.setattr(Client, "login", login)

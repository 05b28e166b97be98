import datetime
import importlib
import os

import pytest
from django.conf import settings
from django.core.cache import cache

from moc_portal.celery import app as celery_app

# --- The clock -----------------------------------------------------------------------------
# Every test starts at one known moment, so "today", "this month" and "the month just ended"
# are the same on every run: a Thursday midday in Moscow, near the date the suite's fixed
# months (2026-10, 2026-11) were written against. The clock ticks from there (waits and
# timeouts still work); `--clock-frozen` stops it. Prove a test does not depend on the day:
#   pytest tests/x --clock=2024-02-29T23:59:59+03:00 --clock-frozen
# Tests whose other half runs in another process (a Celery worker, gunicorn, nginx, the
# browser) keep the real clock: that process cannot be moved.
DEFAULT_CLOCK = "2026-12-03T12:00:00+03:00"
REAL_CLOCK_MARKERS = ("real_clock", "integration", "e2e", "deploy")


def pytest_addoption(parser):
    group = parser.getgroup("moc clock")
    group.addoption(
        "--clock",
        default=os.environ.get("MOC_TEST_CLOCK", DEFAULT_CLOCK),
        help=f"the moment every test starts at, ISO 8601 with offset (default {DEFAULT_CLOCK})",
    )
    group.addoption(
        "--clock-frozen", action="store_true", help="stop the clock at --clock (no ticking)"
    )


@pytest.fixture(autouse=True)
def _clock(request):
    """Travel to --clock for the test; a test moves on with the `time_machine` fixture."""
    if any(request.node.get_closest_marker(marker) for marker in REAL_CLOCK_MARKERS):
        yield
        return
    time_machine = request.getfixturevalue("time_machine")
    moment = datetime.datetime.fromisoformat(request.config.getoption("clock"))
    time_machine.move_to(moment, tick=not request.config.getoption("clock_frozen"))
    yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    from moc_portal.core.cache import reset_outage

    reset_outage()  # a slow answer in one test must not leave the cache skipped in the next
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _mail_stays_in_the_outbox(settings):
    """Mail waits in the outbox until the test delivers it (`outbox.deliver_due()`): no thread
    of the embedded deliverer runs in the tests."""
    settings.MAIL_DELIVERY = "manual"


ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


REDIS_URL = os.environ.get("REDIS_URL", "")


def pytest_runtest_setup(item):
    """The one way to mark a PostgreSQL-only test: `@pytest.mark.postgres`; tests with a real
    Celery worker are `@pytest.mark.integration` and need PostgreSQL and Redis."""
    if item.get_closest_marker("postgres") and not ON_POSTGRES:
        pytest.skip("needs PostgreSQL")
    if item.get_closest_marker("integration") and not (ON_POSTGRES and REDIS_URL):
        pytest.skip("needs REDIS_URL and PostgreSQL (DATABASE_URL)")


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
    ("monitoring.migrations.0008_seed_consistency_rules", "seed_whole_units"),
    ("monitoring.migrations.0008_seed_consistency_rules", "seed_rules"),
]


@pytest.fixture
def migrated_rows(transactional_db):
    """Put back the rows data migrations create: a transactional test's flush removes them."""
    from django.apps import apps

    for module, function in MIGRATED_ROWS:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path_factory):
    """Uploads and demo pictures a test writes never land in the project's media/."""
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


@pytest.fixture(autouse=True)
def _months_stay_open_for_entry(settings):
    """Tests use fixed 2026 periods whose deadlines the calendar has passed: entry stays open
    for them unless a test asks for `entry_locks` (tests/monitoring/test_locked_months.py)."""
    settings.MONITORING_ENTRY_LOCK = False


@pytest.fixture(autouse=True)
def _pages_rendered_each_time(settings):
    """Tests change data behind the services' backs (querysets, factories) and read pages
    again: whole pages are kept only where a test asks for `page_cache`
    (tests/core/test_page_cache.py)."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def page_cache(settings):
    """Anonymous public pages kept in the cache, as in production."""
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def entry_locks(settings):
    """Months lock for entry after their deadline and grace, as in production."""
    settings.MONITORING_ENTRY_LOCK = True


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


@pytest.fixture(autouse=True)
def _every_mail_link_is_absolute():
    """Whatever a test makes the portal send, a link in it must work outside the site: a word
    that starts with "/" (a path without the site's address) fails the test."""
    yield
    from django.core import mail

    for message in getattr(mail, "outbox", []):
        bodies = [message.body] + [content for content, _ in getattr(message, "alternatives", [])]
        for body in bodies:
            relative = [word for word in str(body).split() if word.lstrip("(«<\"'").startswith("/")]
            assert not relative, f"relative links in «{message.subject}»: {relative}"


# --- Shared objects: one definition each; a test that needs another says so in its body ---


@pytest.fixture
def organization():
    """A supplementary-education organization with the names the import files refer to."""
    from tests.factories import make_organization

    return make_organization(
        short_name="ДДТ Красный Холм",
        full_name="МБУ ДО «Краснохолмский Дом детского творчества»",
    )


@pytest.fixture
def period():
    """October 2026, the monitoring month the tests report on."""
    from tests.factories import make_period

    return make_period(2026, 10)


@pytest.fixture
def representative(django_user_model, organization):
    """A staff user in the representatives' group who represents `organization`."""
    from django.contrib.auth.models import Group

    from moc_portal.roles import REPRESENTATIVES

    user = django_user_model.objects.create_user(
        "rep", password="x", first_name="Анна", last_name="Смирнова", is_staff=True
    )
    user.groups.add(Group.objects.get(name=REPRESENTATIVES))
    organization.representatives.add(user)
    return user

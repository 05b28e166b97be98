"""Faults against the real services: a Redis server stopped and started again, PostgreSQL
connections killed under a running gunicorn. Skipped with a reason only where the service
cannot exist here (no redis-server binary; SQLite instead of PostgreSQL)."""

import threading
import time

import pytest
from django.db import connection
from django.urls import reverse

from moc_portal.core import cache as degrading_cache
from tests.factories import make_program
from tests.waiting import wait_until

from .conftest import PASSWORD
from .processes import REDIS_SERVER, Gunicorn, OwnRedis
from .test_redis_down import redis_cache


@pytest.fixture
def own_redis(monkeypatch):
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed on this machine")
    redis = OwnRedis()
    redis.start()
    degrading_cache.reset_outage()
    # Every cache read goes through moc_portal.core.cache: its cache is now this server.
    monkeypatch.setattr(degrading_cache, "cache", redis_cache(redis.url))
    yield redis
    redis.stop()
    degrading_cache.reset_outage()


PUBLIC_URLS = ["/", "/programs/", "/organizations/", "/about/", "/contacts/", "/admin/login/"]


@pytest.mark.django_db
def test_redis_stopped_pages_and_the_admin_login_still_answer_and_the_cache_comes_back(
    client, own_redis, make_staff
):
    import redis

    make_program(title="Робототехника")
    make_staff("methodist", username="olga")
    for url in PUBLIC_URLS:
        assert client.get(url).status_code == 200, url
    probe = redis.Redis.from_url(own_redis.url)
    assert probe.dbsize() > 0  # the pages did use the cache

    own_redis.stop()
    started = time.monotonic()
    for url in PUBLIC_URLS:
        assert client.get(url).status_code == 200, url
    login = client.post(
        reverse("admin:login"), {"username": "olga", "password": PASSWORD, "next": "/admin/"}
    )
    assert login.status_code == 302
    assert time.monotonic() - started < 10  # no waiting on Redis for every call

    own_redis.start()
    degrading_cache._state.retry_at = 0  # the next call tries Redis again
    assert client.get("/programs/").status_code == 200
    assert redis.Redis.from_url(own_redis.url).dbsize() > 0


# --- PostgreSQL: connections killed as a restart kills them ---


def terminate_other_backends():
    """What a PostgreSQL restart does to the app: every connection but ours is cut."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


@pytest.mark.postgres
@pytest.mark.real_clock
@pytest.mark.django_db(transaction=True)
def test_postgres_connections_cut_while_requests_run_and_the_app_recovers_by_itself(
    migrated_rows, tmp_path
):
    make_program(title="Робототехника")
    params = connection.settings_dict
    database_url = (
        f"postgres://{params['USER']}:{params['PASSWORD'] or ''}@{params['HOST'] or '127.0.0.1'}"
        f":{params['PORT'] or 5432}/{params['NAME']}"
    )
    server = Gunicorn(database_url, tmp_path / "gunicorn.log")
    try:
        assert server.get("/programs/") == 200
        # Cut while idle: the next request notices the dead connection before using it.
        assert terminate_other_backends() >= 1
        assert server.get("/programs/") == 200, server.output()

        # Cut while requests run: only those in flight may fail.
        statuses, stop = [], threading.Event()

        def keep_asking():
            while not stop.is_set():
                statuses.append(server.get("/programs/"))

        def answered_since(count, more=1):
            return lambda: len(statuses) >= count + more

        asker = threading.Thread(target=keep_asking)
        asker.start()
        wait_until(answered_since(0), "the first request to be answered", detail=server.output)
        killed = []
        for _ in range(3):  # a cut, then at least one request against the cut pool
            killed.append(terminate_other_backends())
            wait_until(
                answered_since(len(statuses)), "a request after the cut", detail=server.output
            )
        # The requests in flight at the last cut are done; a few more answer after it.
        after_cuts = len(statuses)
        wait_until(answered_since(after_cuts, 3), "requests after the cuts", detail=server.output)
        stop.set()
        asker.join(timeout=30)

        assert sum(killed) >= 1  # the server's connection was really cut
        after = [server.get("/programs/") for _ in range(5)]
        assert after == [200] * 5, server.output()
        failures = [status for status in statuses if status != 200]
        # At most the requests in flight while their connection was cut.
        assert len(failures) <= 3, (statuses, server.output())
    finally:
        server.stop()

"""Rate limits: one atomic counter per (limit, key, window), in Redis or else the database."""

import hashlib
import threading

import pytest
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from moc_portal.core import cache as degrading_cache
from moc_portal.core import ratelimits
from moc_portal.core.ratelimits import RateLimit
from moc_portal.models import RateLimitCount
from tests.security.processes import REDIS_SERVER, OwnRedis

pytestmark = pytest.mark.django_db

LIMIT = RateLimit("test-form", count=3, window=60)
START = 1_800_000_000  # a window's first second (a multiple of 60)


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        now = START + 5.0

    monkeypatch.setattr(ratelimits, "_now", lambda: Clock.now)
    return Clock


@pytest.fixture
def in_database(settings):
    settings.REDIS_URL = ""


def fast_redis_cache(location):
    return RedisCache(location, {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.5}})


@pytest.fixture
def own_redis(settings, monkeypatch):
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed on this machine")
    redis = OwnRedis()
    redis.start()
    settings.REDIS_URL = redis.url
    degrading_cache.reset_outage()
    monkeypatch.setattr(degrading_cache, "cache", fast_redis_cache(redis.url))
    yield redis
    redis.stop()
    degrading_cache.reset_outage()


def passed(limit, key, times):
    return [not limit.exceeded(key) for _ in range(times)]


def test_the_count_passes_and_the_next_is_refused(clock, in_database):
    assert passed(LIMIT, "203.0.113.1", 5) == [True, True, True, False, False]


def test_each_key_has_its_own_count(clock, in_database):
    passed(LIMIT, "203.0.113.1", 4)
    assert passed(LIMIT, "203.0.113.2", 1) == [True]


def test_each_limit_has_its_own_count(clock, in_database):
    passed(LIMIT, "203.0.113.1", 4)
    other = RateLimit("other-form", count=1, window=60)
    assert passed(other, "203.0.113.1", 2) == [True, False]


def test_a_new_window_starts_afresh_and_ended_windows_are_removed(clock, in_database):
    passed(LIMIT, "203.0.113.1", 4)
    clock.now = START + 60 + 1
    assert passed(LIMIT, "203.0.113.1", 1) == [True]
    assert list(RateLimitCount.objects.values_list("window_start", "count")) == [(START + 60, 1)]


def test_retry_after_is_the_rest_of_the_window(clock):
    clock.now = START + 45.5
    assert LIMIT.retry_after() == 15


def test_long_or_odd_keys_are_counted_by_their_digest(clock, in_database):
    key = "«имя» " * 40
    assert passed(LIMIT, key, 4) == [True, True, True, False]
    (stored,) = RateLimitCount.objects.values_list("key", flat=True)
    assert len(stored) == 32 and "имя" not in stored


@pytest.mark.parametrize("key", ["203.0.113.1", "2001:db8::1", "parent@example.ru"])
def test_the_database_keeps_no_address_only_a_keyed_digest(clock, in_database, key):
    assert passed(LIMIT, key, 4) == [True, True, True, False]
    (stored,) = RateLimitCount.objects.values_list("key", flat=True)
    assert key not in stored and "203.0.113" not in stored
    # Keyed by the site's secret: a digest of the bare address would be reversible by trying
    # every address, this one is not without SECRET_KEY.
    assert stored not in {hashlib.sha256(key.encode()).hexdigest()[:32], key}


def test_the_digest_depends_on_the_secret_key(clock, in_database, settings):
    passed(LIMIT, "203.0.113.1", 1)
    settings.SECRET_KEY = "another-test-only-secret-key"
    passed(LIMIT, "203.0.113.1", 1)
    assert RateLimitCount.objects.count() == 2


def test_with_redis_the_counter_lives_in_redis(clock, own_redis):
    import redis

    assert passed(LIMIT, "203.0.113.1", 4) == [True, True, True, False]
    assert not RateLimitCount.objects.exists()
    keys = redis.Redis.from_url(own_redis.url).keys("*ratelimit:test-form*")
    assert len(keys) == 1
    assert b"203.0.113" not in keys[0]


def test_with_redis_stopped_the_limit_still_holds_from_the_database(clock, own_redis):
    assert passed(LIMIT, "203.0.113.1", 2) == [True, True]
    own_redis.stop()
    # The window's count starts afresh in the database: at most `count` more pass.
    assert passed(LIMIT, "203.0.113.1", 4) == [True, True, True, False]
    assert RateLimitCount.objects.get().count == 4


def concurrent_hits(limit, key, threads):
    """`threads` requests at once (each on its own database connection); how many passed."""
    barrier = threading.Barrier(threads)
    results = []

    def one():
        try:
            barrier.wait(timeout=30)
            results.append(not limit.exceeded(key))
        finally:
            connection.close()

    workers = [threading.Thread(target=one) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert len(results) == threads
    return sum(results)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_in_the_database_never_pass_more_than_the_count(clock, in_database):
    limit = RateLimit("burst", count=5, window=3600)
    assert concurrent_hits(limit, "203.0.113.1", 20) == 5
    assert RateLimitCount.objects.get().count == 20  # not one increment lost


def test_concurrent_requests_in_redis_never_pass_more_than_the_count(clock, own_redis):
    limit = RateLimit("burst", count=5, window=3600)
    assert concurrent_hits(limit, "203.0.113.1", 20) == 5

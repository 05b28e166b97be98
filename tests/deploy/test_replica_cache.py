"""A value cached while the request reads from the replica lives no longer than the replica may
lag: a page rendered from a lagging replica does not outlive the change (issue 23)."""

import time_machine

from moc_portal.core import replica
from moc_portal.core.cache import cache_get, cache_set


def _from_the_replica():
    return replica._reads_from_replica.set(True)


def test_values_cached_from_the_replica_expire_after_the_allowed_lag(settings):
    settings.REPLICA_MAX_LAG_SECONDS = 5
    # A clock the test can move: local memory (Redis keeps its own time for TTLs).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with time_machine.travel("2026-09-01 10:00:00", tick=False) as clock:
        token = _from_the_replica()
        try:
            cache_set("catalogue:v2:page1", "rendered from the replica", 3600)
        finally:
            replica._reads_from_replica.reset(token)
        cache_set("catalogue:v2:page2", "rendered from the primary", 3600)
        clock.shift(6)
        assert cache_get("catalogue:v2:page1") is None
        assert cache_get("catalogue:v2:page2") == "rendered from the primary"

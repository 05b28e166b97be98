"""The cache as an optimisation only: when Redis is unreachable, pages read the database.

Every read of the shared cache goes through here, so a stopped Redis costs speed, never a
500. The failure is logged once per outage (the first error after a success), not per request,
and for RETRY_SECONDS after a failure the cache is not tried at all: a page must not wait for a
connection timeout on every cache call while Redis is down.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

_MISSING = object()
RETRY_SECONDS = 10


class _Outage:
    """Process-wide: whether the cache is down and when to try it again."""

    down = False
    retry_at = 0.0


_state = _Outage()


def _skipping():
    return _state.down and time.monotonic() < _state.retry_at


def _failed(operation, error):
    if not _state.down:
        logger.warning("Cache unreachable (%s): %s; reading the database instead", operation, error)
    _state.down = True
    _state.retry_at = time.monotonic() + RETRY_SECONDS


def _succeeded():
    if _state.down:
        logger.info("Cache reachable again")
    _state.down = False


def reset_outage():
    """Forget a recorded outage (tests, or after an operator restarted Redis)."""
    _state.down = False
    _state.retry_at = 0.0


def _attempt(operation, call, default=None, *, even_when_down=False):
    """`call()`'s result; `default` when the cache is down or fails now (logged once)."""
    if _skipping() and not even_when_down:
        return default
    try:
        result = call()
    except Exception as error:  # redis.ConnectionError, TimeoutError, …: any backend
        _failed(operation, error)
        return default
    _succeeded()
    return result


def cache_get(key, default=None):
    value = _attempt("get", lambda: cache.get(key, _MISSING), _MISSING)
    return default if value is _MISSING else value


def cache_get_many(keys):
    """{key: value} for the keys found; {} when the cache is unreachable."""
    return _attempt("get_many", lambda: cache.get_many(keys), {})


def cache_set_many(values, timeout):
    timeout = _no_longer_than_the_replica_may_lag(timeout)
    _attempt("set_many", lambda: cache.set_many(values, timeout))


def cache_set(key, value, timeout):
    timeout = _no_longer_than_the_replica_may_lag(timeout)
    _attempt("set", lambda: cache.set(key, value, timeout))


def _no_longer_than_the_replica_may_lag(timeout):
    """A value computed from the read replica (core/replica.py) may predate a change already
    made on the primary, under a version key the change already moved: it is kept only as long
    as the replica may lag, so it never outlives the change by more."""
    from .replica import in_use

    if not in_use():
        return timeout
    ceiling = max(1, int(settings.REPLICA_MAX_LAG_SECONDS))
    return ceiling if timeout is None else min(timeout, ceiling)


def cache_increment(key, timeout):
    """Adds one to the counter `key` (created at 1, living `timeout` seconds) atomically in the
    cache server and returns the new value; None when the cache is unreachable."""
    if _skipping():
        return None
    try:
        for _ in range(3):
            if cache.add(key, 1, timeout):
                value = 1
                break
            try:
                value = cache.incr(key)
                break
            except ValueError:  # expired between add() and incr(): add it again
                continue
        else:
            return None
    except Exception as error:
        _failed("incr", error)
        return None
    _succeeded()
    return value


def cache_delete(key):
    # Tried even during a recorded outage: a stale value must not outlive a change.
    _attempt("delete", lambda: cache.delete(key), even_when_down=True)


def cached(key, timeout, compute):
    """The cached value for `key`, computed (and stored when possible) on a miss."""
    value = cache_get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache_set(key, value, timeout)
    return value

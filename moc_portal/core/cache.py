"""The cache as an optimisation only: when Redis is unreachable, pages read the database.

Every read of the shared cache goes through here, so a stopped Redis costs speed, never a
500. The failure is logged once per outage (the first error after a success), not per request.
"""

import logging
import threading

from django.core.cache import cache

logger = logging.getLogger(__name__)

_MISSING = object()
_state = threading.local()


def _failed(operation, error):
    if not getattr(_state, "down", False):
        logger.warning("Cache unreachable (%s): %s; reading the database instead", operation, error)
    _state.down = True


def _succeeded():
    if getattr(_state, "down", False):
        logger.info("Cache reachable again")
    _state.down = False


def cache_get(key, default=None):
    try:
        value = cache.get(key, _MISSING)
    except Exception as error:  # redis.ConnectionError, TimeoutError, …: any backend
        _failed("get", error)
        return default
    _succeeded()
    return default if value is _MISSING else value


def cache_set(key, value, timeout):
    try:
        cache.set(key, value, timeout)
    except Exception as error:
        _failed("set", error)
    else:
        _succeeded()


def cache_add(key, value, timeout):
    """True when the key was free; when the cache is unreachable, True (nothing to guard with)."""
    try:
        added = cache.add(key, value, timeout)
    except Exception as error:
        _failed("add", error)
        return True
    _succeeded()
    return added


def cache_delete(key):
    try:
        cache.delete(key)
    except Exception as error:
        _failed("delete", error)
    else:
        _succeeded()


def cached(key, timeout, compute):
    """The cached value for `key`, computed (and stored when possible) on a miss."""
    value = cache_get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache_set(key, value, timeout)
    return value

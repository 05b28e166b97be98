"""Reads from a streaming replica (DATABASE_REPLICA_URL), only where a stale read cannot hurt.

An anonymous visitor's GET/HEAD reads from the replica; everything else reads and writes the
primary: a logged-in user's requests (staff see their own edits at once), unsafe methods, and
every request of a browser within REPLICA_PIN_SECONDS after it sent an unsafe request or wrote
(a cookie pins it to the primary: no stale page after a save). The replica is used only while it
answers and has replayed the primary's WAL, or is behind by at most REPLICA_MAX_LAG_SECONDS;
the check runs at most every REPLICA_CHECK_SECONDS per process. A replica that lags or is down
sends every read to the primary: slower, never wrong.
"""

import contextvars
import logging
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
PIN_COOKIE = "moc_primary_until"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
logger = logging.getLogger(__name__)

_reads_from_replica = contextvars.ContextVar("reads_from_replica", default=False)
_writes = contextvars.ContextVar("writes", default=None)


def in_use():
    """Whether this request's reads go to the replica (a cache that stores pages rendered from
    it should keep them no longer than the replica may lag)."""
    return _reads_from_replica.get()


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _reads_from_replica.get() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        writes = _writes.get()
        if writes is not None:
            writes.append(model)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA


class _Health:
    checked_until = 0.0
    fresh = False


def replica_is_fresh():
    now = time.monotonic()
    if now >= _Health.checked_until:
        _Health.fresh = _measure()
        _Health.checked_until = now + settings.REPLICA_CHECK_SECONDS
    return _Health.fresh


def _measure():
    """The replica answers and its replay is caught up or at most the allowed seconds behind."""
    try:
        primary = connections[DEFAULT_DB_ALIAS]
        primary.ensure_connection()
        with primary.connection.cursor() as cursor:  # raw: not counted, not logged
            cursor.execute("SELECT pg_current_wal_lsn()")
            (position,) = cursor.fetchone()
        replica = connections[REPLICA]
        replica.ensure_connection()
        with replica.connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_wal_lsn_diff(%s, pg_last_wal_replay_lsn()), "
                "EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())",
                [position],
            )
            behind, seconds = cursor.fetchone()
    except Exception as error:
        logger.warning("replica unavailable, reading from the primary: %s", error)
        connections[REPLICA].close()
        return False
    if behind is None:
        return False  # not a standby
    if behind <= 0:
        return True
    fresh = seconds is not None and float(seconds) <= settings.REPLICA_MAX_LAG_SECONDS
    if not fresh:
        logger.warning("replica %s bytes behind, reading from the primary", behind)
    return fresh


def _pinned(request):
    try:
        return float(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False


class ReplicaMiddleware:
    """After AuthenticationMiddleware: decides per request where its reads go."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        use_replica = (
            request.method in ("GET", "HEAD")
            and not _pinned(request)
            and not request.user.is_authenticated  # loads the session from the primary
            and replica_is_fresh()
        )
        request.reads_from_replica = use_replica  # for the page cache, outside this middleware
        writes = []
        reads_token = _reads_from_replica.set(use_replica)
        writes_token = _writes.set(writes)
        try:
            response = self.get_response(request)
        finally:
            _reads_from_replica.reset(reads_token)
            _writes.reset(writes_token)
        if request.method in UNSAFE_METHODS or writes:
            pin = settings.REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                f"{time.time() + pin:.0f}",
                max_age=pin,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

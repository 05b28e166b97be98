"""How long one SQL statement may run, by the kind of process that runs it.

A page must not hang on a stuck database (a long lock, a runaway query): in the web process a
statement running longer than `settings.DB_STATEMENT_TIMEOUT_SECONDS` (a few seconds) is
cancelled, and the request is answered with the Russian 503 page (`moc_portal.views`). The
Celery worker has its own, longer deadline (`WORKER_DB_STATEMENT_TIMEOUT_SECONDS`: reports and
exports run there); management commands, migrations and tests have none.

A serving process says once at start what it is (`serve_as("web")` from wsgi.py, "worker" from
celery.py); every database connection it opens afterwards gets that deadline.

PostgreSQL: `SET statement_timeout` on each new connection; the time spent waiting for a lock
counts. SQLite has no statement timeout; what it can do: the deadline becomes its busy timeout
(how long a statement waits for another connection's lock) and a progress handler interrupts a
statement whose execution has run past it (checked every few thousand virtual-machine steps;
rows fetched after the statement started returning are not timed).
"""

import sqlite3
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.db.backends.signals import connection_created
from django.dispatch import receiver

SQLITE_PROGRESS_STEPS = 10_000
# PostgreSQL's codes for a statement cancelled by statement_timeout (or an operator's
# pg_cancel_backend) and for lock_timeout.
CANCELLED_CODES = {"57014", "55P03"}
SQLITE_GAVE_UP = {"interrupted", "database is locked"}
SQLITE_DEFAULT_BUSY_MS = 5000  # Python's sqlite3 default (connect(timeout=5.0))


class _Process:
    role = None  # "web", "worker"; None: a command, a migration, a test


_process = _Process()


def serve_as(role):
    """Called once by a serving process before it opens connections: "web" or "worker"."""
    if role not in {"web", "worker", None}:
        raise ValueError(f"unknown process role {role!r}")
    _process.role = role


def current_timeout():
    """This process's statement timeout in seconds, or None."""
    if _process.role == "web":
        return settings.DB_STATEMENT_TIMEOUT_SECONDS
    if _process.role == "worker":
        return settings.WORKER_DB_STATEMENT_TIMEOUT_SECONDS
    return None


@receiver(connection_created, dispatch_uid="moc_portal.core.statement_timeout")
def _limit_new_connection(sender, connection, **kwargs):
    seconds = current_timeout()
    if seconds:
        _apply(connection, seconds)


def _apply(connection, seconds):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = %s", [_milliseconds(seconds)])
    elif connection.vendor == "sqlite":
        _SqliteDeadline.install(connection, seconds)


def _milliseconds(seconds):
    return max(1, int(seconds * 1000))


class _SqliteDeadline:
    """Times each statement's execution from its start (a Django execute wrapper) and makes
    SQLite interrupt it past the deadline (the connection's progress handler)."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.started = None

    @classmethod
    def install(cls, connection, seconds):
        deadline = cls(seconds)
        wrappers = connection.execute_wrappers
        wrappers[:] = [wrapper for wrapper in wrappers if not isinstance(wrapper, cls)]
        wrappers.insert(0, deadline)
        connection.connection.set_progress_handler(deadline.past_deadline, SQLITE_PROGRESS_STEPS)
        connection.connection.execute(f"PRAGMA busy_timeout = {_milliseconds(seconds)}")
        return deadline

    @classmethod
    def remove(cls, connection):
        wrappers = connection.execute_wrappers
        wrappers[:] = [wrapper for wrapper in wrappers if not isinstance(wrapper, cls)]
        connection.connection.set_progress_handler(None, SQLITE_PROGRESS_STEPS)

    def __call__(self, execute, sql, params, many, context):
        self.started = time.monotonic()
        try:
            return execute(sql, params, many, context)
        finally:
            self.started = None

    def past_deadline(self):
        started = self.started
        return int(started is not None and time.monotonic() - started > self.seconds)


@contextmanager
def statement_deadline(connection, seconds):
    """Within the block, each statement on `connection` may run at most `seconds`, whatever the
    process (the readiness probe). On PostgreSQL the block is a transaction."""
    if connection.vendor == "postgresql":
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = %s", [_milliseconds(seconds)])
            yield
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        kept = current_timeout()
        _SqliteDeadline.install(connection, seconds)
        try:
            yield
        finally:
            if kept:
                _SqliteDeadline.install(connection, kept)
            else:
                _SqliteDeadline.remove(connection)
                connection.connection.execute(f"PRAGMA busy_timeout = {SQLITE_DEFAULT_BUSY_MS}")
    else:
        yield


def is_statement_timeout(error):
    """True when `error` (or the database error under Django's wrapper) says the database
    gave up waiting: a cancelled statement, a lock not granted in time."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if getattr(error, "pgcode", None) in CANCELLED_CODES:
            return True
        if isinstance(error, sqlite3.OperationalError) and str(error) in SQLITE_GAVE_UP:
            return True
        error = error.__cause__ or error.__context__
    return False

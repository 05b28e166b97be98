"""Exactly one Celery beat: a second beat started by mistake stops instead of scheduling
every periodic task a second time.

The beat holds a lock for as long as it runs, taken when it starts (`beat_init` in
moc_portal/celery.py): on PostgreSQL a session-level advisory lock on a connection of its own
(PostgreSQL releases it when the process dies, however it dies: no stale lock to clear by hand,
on any host that shares the database); on SQLite, development's one-host case, an exclusive
`flock` on a file beside the database. A beat that cannot take the lock exits.

An advisory lock needs a session of its own: point the beat at PostgreSQL directly, not through
a pgbouncer in transaction mode.
"""

import fcntl
from pathlib import Path

from django.db import connections

# pg_try_advisory_lock's key: "mocbeat" would not fit a bigint; any constant of ours does.
ADVISORY_LOCK_KEY = 0x6D6F63_62656174  # "moc" "beat"


class BeatAlreadyRunning(Exception):
    pass


class BeatLock:
    """The held lock; `release()` gives it up (the process exiting does too)."""

    def __init__(self, handle):
        self._handle = handle

    def release(self):
        if self._handle is not None:
            self._handle.close()  # closing the session / the file drops the lock
            self._handle = None


def acquire(using="default"):
    """Take the beat's lock or raise BeatAlreadyRunning."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        return BeatLock(_advisory_lock(connection))
    return BeatLock(_file_lock(Path(connection.settings_dict["NAME"]).with_suffix(".beat.lock")))


def _advisory_lock(connection):
    # A connection of our own: Django closes and reopens its connections (CONN_MAX_AGE, health
    # checks), which would drop a session lock taken on them.
    session = connection.get_new_connection(connection.get_connection_params())
    session.autocommit = True
    with session.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
        (taken,) = cursor.fetchone()
    if not taken:
        session.close()
        raise BeatAlreadyRunning(
            "another Celery beat holds the lock in this database; this one stops so that no "
            "periodic task is scheduled twice"
        )
    return session


def _file_lock(path):
    handle = open(path, "a")  # noqa: SIM115 (kept open while the beat runs)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise BeatAlreadyRunning(
            f"another Celery beat holds {path}; this one stops so that no periodic task is "
            "scheduled twice"
        ) from None
    return handle

"""Exactly one Celery beat (issue 23): a second beat cannot take the lock and stops."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from moc_portal import beat_lock
from tests.conftest import ON_POSTGRES
from tests.deploy.stack import ROOT
from tests.waiting import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_second_lock_is_refused_until_the_first_is_released(tmp_path):
    def take():
        if ON_POSTGRES:
            return beat_lock.acquire()
        return beat_lock.BeatLock(beat_lock._file_lock(tmp_path / "db.beat.lock"))

    first = take()
    try:
        with pytest.raises(beat_lock.BeatAlreadyRunning):
            take()
    finally:
        first.release()
    take().release()


@pytest.mark.postgres
def test_a_second_beat_process_exits_while_the_first_keeps_running(tmp_path):
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    # No REDIS_URL: the beat queues to an in-memory broker, never to a shared Redis.
    env = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": url,
        "SECRET_KEY": "a-long-enough-key-for-the-beat-test-" + "x1y2z3" * 5,
        "MOC_COMMAND_LINE": "1",
    }
    command = [sys.executable, "-m", "celery", "-A", "moc_portal", "beat", "--loglevel=INFO"]
    command += ["--scheduler", "django_celery_beat.schedulers:DatabaseScheduler", "--pidfile="]
    log = tmp_path / "first.log"
    with open(log, "wb") as output:
        first = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
    try:
        wait_until(
            lambda: "Scheduler: Sending" in log.read_text() or "beat: Starting" in log.read_text(),
            "the first beat did not start",
            timeout=60,
        )
        wait_until(lambda: _lock_taken(), "the first beat took no lock", timeout=30)
        second = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=60)
        assert second.returncode != 0
        assert b"Celery beat refuses to start" in second.stdout + second.stderr
        assert first.poll() is None
    finally:
        first.terminate()
        first.wait(timeout=20)


def _lock_taken():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = %s",
            [beat_lock.ADVISORY_LOCK_KEY & 0xFFFFFFFF],
        )
        return cursor.fetchone()[0] > 0

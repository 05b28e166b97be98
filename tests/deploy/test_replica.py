"""Reads from a streaming replica (issue 23): a throwaway primary and replica on this machine;
the portal runs against them in a process of its own (tests/deploy/replica_probe.py)."""

import json
import os
import subprocess
import sys

import pytest

from tests.deploy.pg_cluster import Clusters, postgres_bin
from tests.deploy.stack import ROOT, free_port
from tests.waiting import wait_until

pytestmark = [pytest.mark.deploy, pytest.mark.postgres]
DATABASE = "moc"


@pytest.fixture(scope="module")
def clusters():
    if postgres_bin() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL's server binaries are missing (.ci/run installs them)")
        pytest.skip("PostgreSQL's server binaries are missing")
    cluster = Clusters(free_port(range(8640, 8650)), free_port(range(8650, 8660)))
    try:
        cluster.start_primary()
        cluster.psql(cluster.primary_port, f"CREATE DATABASE {DATABASE}")
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env=_env(cluster),
            check=True,
            capture_output=True,
            timeout=300,
        )
        cluster.start_replica()
        yield cluster
    finally:
        cluster.destroy()


def _env(cluster, **extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DATABASE_REPLICA_URL"}
    }
    env.update(
        DATABASE_URL=cluster.url(cluster.primary_port, DATABASE),
        SECRET_KEY="test-only-secret-key",
        MOC_PLAIN_STATIC="1",
        PAGE_CACHE_SECONDS="0",  # where reads go, not whether a kept page spares them
        **extra,
    )
    return env


def probe(cluster, *steps, **settings):
    settings.setdefault("REPLICA_CHECK_SECONDS", "600")
    env = _env(
        cluster, DATABASE_REPLICA_URL=cluster.url(cluster.replica_port, DATABASE), **settings
    )
    result = subprocess.run(
        [sys.executable, "-m", "tests.deploy.replica_probe", *steps],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def caught_up(cluster):
    position = cluster.psql(cluster.primary_port, "SELECT pg_current_wal_lsn()")
    behind = cluster.psql(
        cluster.replica_port, f"SELECT pg_wal_lsn_diff('{position}', pg_last_wal_replay_lsn())"
    )
    return float(behind) <= 0


def test_the_replica_streams_from_the_primary(clusters):
    assert clusters.psql(clusters.replica_port, "SELECT pg_is_in_recovery()") == "t"
    wait_until(lambda: caught_up(clusters), "the replica did not catch up", timeout=30)


def test_anonymous_reads_go_to_the_replica_and_everything_else_to_the_primary(clusters):
    wait_until(lambda: caught_up(clusters), "the replica did not catch up", timeout=30)
    results = probe(clusters, "anon", "staff", "post-then-anon", "expired-pin")
    assert results["fresh"] is True
    assert results["anon"]["status"] == 200
    assert results["anon"]["replica"] > 0
    assert results["staff"]["status"] == 200 and results["staff"]["replica"] == 0
    assert results["post-then-anon"]["replica"] == 0  # pinned to the primary after a POST
    assert results["expired-pin"]["replica"] > 0


def test_a_lagging_replica_sends_reads_to_the_primary(clusters):
    clusters.psql(clusters.replica_port, "SELECT pg_wal_replay_pause()")
    try:
        # A pause takes effect when the replica next looks at its WAL: write until it has.
        def paused_behind():
            clusters.psql(
                clusters.primary_port, "CREATE TABLE IF NOT EXISTS lag_marker (id int)", DATABASE
            )
            clusters.psql(clusters.primary_port, "INSERT INTO lag_marker VALUES (1)", DATABASE)
            state = clusters.psql(clusters.replica_port, "SELECT pg_get_wal_replay_pause_state()")
            return state == "paused" and not caught_up(clusters)

        wait_until(paused_behind, "the replica did not pause", timeout=30)
        results = probe(clusters, "anon", REPLICA_MAX_LAG_SECONDS="0")
        assert results["fresh"] is False
        assert results["anon"]["status"] == 200
        assert results["anon"]["replica"] == 0 and results["anon"]["default"] > 0
    finally:
        clusters.psql(clusters.replica_port, "SELECT pg_wal_replay_resume()")
        clusters.psql(clusters.primary_port, "DROP TABLE IF EXISTS lag_marker", DATABASE)


def test_a_stopped_replica_sends_reads_to_the_primary(clusters):
    clusters.stop(clusters.replica)
    try:
        results = probe(clusters, "anon")
        assert results["fresh"] is False
        assert results["anon"]["status"] == 200
        assert results["anon"]["replica"] == 0 and results["anon"]["default"] > 0
    finally:
        clusters.start(clusters.replica, clusters.replica_port)

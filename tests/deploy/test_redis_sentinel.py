"""Redis behind Sentinel (issue 23): the settings it gives, and the cache and the Celery broker
reaching the master through a real sentinel this test starts (redis-server --sentinel)."""

import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from django.core.exceptions import ImproperlyConfigured

from moc_portal.core.redis_sentinel import parse_sentinels, sentinel_settings
from tests.deploy.stack import ROOT, free_port
from tests.waiting import wait_until


def test_sentinels_are_parsed_with_the_default_port():
    assert parse_sentinels("10.0.0.11:26379, 10.0.0.12") == [
        ("10.0.0.11", 26379),
        ("10.0.0.12", 26379),
    ]
    with pytest.raises(ImproperlyConfigured):
        parse_sentinels("host:port")
    with pytest.raises(ImproperlyConfigured):
        parse_sentinels(" , ")


def test_broker_results_and_cache_all_follow_the_sentinels():
    result = sentinel_settings(
        "a:26379,b:26380", "moc", db=2, password="pw", sentinel_password="spw"
    )
    assert result["CELERY_BROKER_URL"] == "sentinel://:pw@a:26379/2;sentinel://:pw@b:26380/2"
    assert result["CELERY_RESULT_BACKEND"] == result["CELERY_BROKER_URL"]
    assert result["broker_transport_options"] == {
        "master_name": "moc",
        "sentinel_kwargs": {"password": "spw"},
    }
    assert result["CELERY_TASK_ALWAYS_EAGER"] is False
    cache = result["CACHES"]["default"]
    assert cache["BACKEND"] == "django_redis.cache.RedisCache"
    assert cache["LOCATION"] == "redis://moc/2"
    assert cache["OPTIONS"]["SENTINELS"] == [("a", 26379), ("b", 26380)]
    with pytest.raises(ImproperlyConfigured, match="MASTER"):
        sentinel_settings("a:26379", "")


def test_sessions_are_never_kept_in_files(settings):
    assert settings.SESSION_ENGINE in {
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cache",
        "django.contrib.sessions.backends.cached_db",
    }


PROBE = textwrap.dedent(
    """
    import django
    django.setup()
    from django.core.cache import cache
    from moc_portal.celery import app
    cache.set("sentinel-probe", "through the sentinel", 60)
    print(cache.get("sentinel-probe"))
    app.send_task("moc_portal.tasks.backup_daily", ignore_result=True)
    print(app.connection_for_write().transport_cls)
    """
)


@pytest.fixture
def sentinel(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is missing")
    master, watcher = free_port(range(8670, 8680)), free_port(range(8680, 8690))
    config = tmp_path / "sentinel.conf"
    config.write_text(
        f"port {watcher}\nbind 127.0.0.1\ndir {tmp_path}\n"
        f"sentinel monitor moc 127.0.0.1 {master} 1\n"
    )
    processes = [
        subprocess.Popen(
            [server, "--port", str(master), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
        ),
        subprocess.Popen([server, str(config), "--sentinel"], stdout=subprocess.DEVNULL),
    ]

    def knows_master():
        answer = subprocess.run(
            ["redis-cli", "-p", str(watcher), "sentinel", "get-master-addr-by-name", "moc"],
            capture_output=True,
            text=True,
        )
        return str(master) in answer.stdout

    try:
        wait_until(knows_master, "the sentinel does not know the master", timeout=20)
        yield master, watcher
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


def test_the_cache_and_the_broker_reach_the_master_through_the_sentinel(sentinel):
    master, watcher = sentinel
    env = {
        key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "DATABASE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="moc_portal.settings",
        SECRET_KEY="test-only-secret-key",
        REDIS_SENTINELS=f"127.0.0.1:{watcher}",
        REDIS_SENTINEL_MASTER="moc",
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.splitlines()[0] == "through the sentinel"
    assert result.stdout.splitlines()[1] == "sentinel"
    keys = subprocess.run(
        ["redis-cli", "-p", str(master), "--scan", "--pattern", "*sentinel-probe*"],
        capture_output=True,
        text=True,
    ).stdout
    assert "sentinel-probe" in keys  # stored on the master itself
    queued = subprocess.run(
        ["redis-cli", "-p", str(master), "llen", "celery"], capture_output=True, text=True
    ).stdout
    assert queued.strip() == "1"  # the task went to the master's queue

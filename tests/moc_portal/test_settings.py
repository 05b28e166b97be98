"""Settings come from the environment: checked in a fresh interpreter for each case."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRINT_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup();"
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'],"
    " 'cache': settings.CACHES['default']['BACKEND'],"
    " 'eager': settings.CELERY_TASK_ALWAYS_EAGER, 'broker': settings.CELERY_BROKER_URL,"
    " 'lang': settings.LANGUAGE_CODE, 'tz': settings.TIME_ZONE, 'debug': settings.DEBUG}))"
)


def load_settings(**env):
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "TIME_ZONE"}
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="moc_portal.settings")
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_embedded_default_is_sqlite_eager_tasks_and_local_memory_cache():
    result = load_settings(SECRET_KEY="k")
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert loaded["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert loaded["eager"] is True
    assert loaded["lang"] == "ru"
    assert loaded["tz"] == "Europe/Moscow"
    assert loaded["debug"] is False


def test_database_and_redis_urls_switch_to_postgres_redis_and_workers():
    result = load_settings(
        SECRET_KEY="k",
        DATABASE_URL="postgres://u@db.invalid:5432/moc",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["engine"] == "django.db.backends.postgresql"
    assert loaded["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert loaded["eager"] is False
    assert loaded["broker"] == "redis://127.0.0.1:6379/3"


def test_secret_key_is_required_when_debug_is_off():
    result = load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_wsgi_server_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "-c", "import moc_portal.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_management_commands_run_without_a_secret_key():
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_development_key_is_generated_once_and_kept():
    first = load_settings(DEBUG="1")
    assert first.returncode == 0, first.stderr
    key_file = ROOT / ".secret_key"
    key = key_file.read_text()
    assert len(key) >= 40
    assert load_settings(DEBUG="1").returncode == 0
    assert key_file.read_text() == key


def start_server_process(args, **env):
    """A serving process's start in a fresh interpreter (nothing but the given environment)."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "HTTPS"}
    }
    clean.update(env)
    return subprocess.run(args, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=90)


@pytest.mark.parametrize(
    "key, reason",
    [
        ("fault-test-secret", "known example or default key"),
        ("django-insecure-" + "q" * 50, "known example or default key"),
        ("Zq3-x9Lk_2Pw", "it has 12 characters, fewer than 50"),
        ("ab" * 30, "fewer than 5 different characters"),
    ],
    ids=["known", "django-insecure", "short", "repetitive"],
)
def test_the_web_server_refuses_a_weak_secret_key_with_debug_off(key, reason):
    result = start_server_process([sys.executable, "-c", "import moc_portal.wsgi"], SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr and reason in result.stderr


def test_the_web_server_starts_with_a_strong_key_and_development_with_any():
    strong = secrets.token_urlsafe(50)
    wsgi = [sys.executable, "-c", "import moc_portal.wsgi"]
    assert start_server_process(wsgi, SECRET_KEY=strong).returncode == 0
    assert start_server_process(wsgi, SECRET_KEY="short", DEBUG="1").returncode == 0


def test_management_commands_and_tests_run_with_any_key():
    result = start_server_process([sys.executable, "manage.py", "check"], SECRET_KEY="short")
    assert result.returncode == 0, result.stderr


def test_the_celery_worker_refuses_a_weak_secret_key_with_debug_off():
    celery = str(Path(sys.executable).parent / "celery")
    result = start_server_process(
        [celery, "-A", "moc_portal", "worker", "--pool=solo", "--without-gossip"],
        SECRET_KEY="fault-test-secret",
        C_FORCE_ROOT="1",
    )
    assert result.returncode != 0
    assert "Celery refuses to start: SECRET_KEY is too weak" in result.stdout + result.stderr

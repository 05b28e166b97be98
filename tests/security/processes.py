"""Real processes for the fault tests: an own redis-server, gunicorn, a Celery worker."""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server")
# Servers refuse a short or well-known key when DEBUG is off (moc_portal/serving.py).
SERVER_SECRET_KEY = secrets.token_urlsafe(50)


def free_port():
    """A free port; from TEST_PORT_RANGE ("8700-8799") when set, for a machine shared by
    several people, each with their own range."""
    if os.environ.get("TEST_PORT_RANGE"):
        first, last = (int(n) for n in os.environ["TEST_PORT_RANGE"].split("-"))
        for port in range(first, last + 1):
            with socket.socket() as probe:
                try:
                    probe.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
        raise RuntimeError(f"no free port in {first}-{last}")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, timeout=20):
    def answers():
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) == 0

    wait_until(answers, f"something to answer on port {port}", timeout=timeout, interval=0.1)


class OwnRedis:
    """A redis-server of this test's own, on its own port: the machine's shared one is never
    stopped."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"


class Gunicorn:
    """`gunicorn moc_portal.wsgi` with `workers` sync workers (one by default) on a free port,
    against `database_url`."""

    def __init__(self, database_url, log_path, workers=1, **env_overrides):
        self.port = free_port()
        self.log_path = log_path
        self.log = open(log_path, "wb")  # noqa: SIM115 (closed in stop())
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"REDIS_URL", "DEBUG", "HTTPS"}
        }
        env.update(
            DATABASE_URL=database_url,
            SECRET_KEY=SERVER_SECRET_KEY,
            MOC_PLAIN_STATIC="1",
            DB_CONN_MAX_AGE="600",  # keep the connection: the one a restart breaks
            # These servers are for the database's faults: a kept page would answer without it
            # (tests/core/test_page_cache.py shows that pages render when the cache is down).
            PAGE_CACHE_SECONDS="0",
        )
        env.update(env_overrides)
        self.env = env
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "moc_portal.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, timeout=60)

    def output(self):
        return self.log_path.read_text(errors="replace")[-3000:]

    def get(self, path):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as r:
                return r.status
        except urllib.error.HTTPError as error:
            return error.code
        except (urllib.error.URLError, OSError):
            return 0

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()

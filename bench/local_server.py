"""A gunicorn the benchmarks start on a free loopback port, and waiting for it to answer."""

import http.client
import os
import secrets
import socket
import time


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def server_environment(**overrides):
    """The environment for a benchmark's gunicorn: this one, production settings (DEBUG off),
    and a freshly generated SECRET_KEY, since servers refuse short or example keys."""
    env = {**os.environ, "DEBUG": "0", "MOC_PLAIN_STATIC": "1"}
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    env.update(overrides)
    return env

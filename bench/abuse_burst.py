"""A bounded burst of anonymous requests against a production-like server (issue 17, item 5).

It starts gunicorn (2 workers, DEBUG off, the hashed static files of `collectstatic`) on a free
loopback port with the current environment (DATABASE_URL, REDIS_URL), and for each URL fires
a bounded burst with wrk (default 2,000 requests over 32 connections, bench/burst.lua stops each
thread at its share) while one client asks /healthz in a loop. It prints, per URL, the
responses by status (server errors must be 0; the exports' limit answers 429) and /healthz's
latency during the burst.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/moc_faults REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python bench/abuse_burst.py [--requests 2000] [--connections 32]

Needs `wrk` (apt-get install wrk), a migrated database with demo data (`manage.py seed_demo`)
and `manage.py collectstatic`. Each run uses its own cache key prefix, so the exports' limit
and cache start empty.
"""

import argparse
import http.client
import json
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from local_server import (  # bench/ is on the path of its scripts
    free_port,
    server_environment,
    wait_until_up,
)

ROOT = Path(__file__).resolve().parents[1]
LUA = Path(__file__).with_name("burst.lua")
URLS = ["/programs/", "/programs/export.xlsx"]
CONTROL = "/healthz"  # --control: the same burst on a view that does nothing


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def probe_healthz(port, stop, latencies, failures, slow):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    began = time.perf_counter()
    while not stop.is_set():
        started = time.perf_counter()
        try:
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                failures.append(response.status)
        except OSError as error:
            failures.append(repr(error))
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        latencies.append(time.perf_counter() - started)
        if latencies[-1] > 1:  # when in the burst, for a look at the server's log
            slow.append((round(started - began, 1), round(latencies[-1], 1)))
        time.sleep(0.02)  # one visitor's pace, not a second load


def burst(port, url, requests, connections):
    threads = 2
    done_dir = Path(tempfile.mkdtemp(prefix="burst-"))
    command = ["wrk", f"-t{threads}", f"-c{connections}", "-d600s", "--latency", "-s", str(LUA)]
    command += [f"http://127.0.0.1:{port}{url}", "--", str(requests // threads), str(done_dir)]
    stop, latencies, failures, slow = threading.Event(), [], [], []
    prober = threading.Thread(target=probe_healthz, args=(port, stop, latencies, failures, slow))
    prober.start()
    started = time.monotonic()
    wrk = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    while len(list(done_dir.iterdir())) < threads and wrk.poll() is None:
        time.sleep(0.1)
    elapsed = time.monotonic() - started
    wrk.send_signal(signal.SIGINT)  # wrk prints its summary when interrupted
    output, _ = wrk.communicate(timeout=60)
    stop.set()
    prober.join()
    shutil.rmtree(done_dir, ignore_errors=True)
    statuses = json.loads(re.search(r"STATUSES (\{.*\})", output).group(1))
    errors = re.search(r"Socket errors: .*", output)
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.MULTILINE))
    return {
        "url": url,
        "seconds": round(elapsed, 1),
        "statuses": dict(sorted(statuses.items())),
        "server_errors": sum(n for status, n in statuses.items() if status.startswith("5")),
        "socket_errors": errors.group(0) if errors else "none",
        "wrk_p50": latency.get("50"),
        "wrk_p99": latency.get("99"),
        "healthz_probes": len(latencies),
        "healthz_failures": failures,
        "healthz_p50_ms": round(statistics.median(latencies) * 1000, 1),
        "healthz_p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "healthz_max_ms": round(max(latencies) * 1000, 1),
        "healthz_over_1s_at": slow,  # (seconds into the burst, seconds it took)
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--control", action="store_true", help="first burst /healthz itself")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")

    port = free_port()
    env = server_environment(CACHE_KEY_PREFIX=f"burst-{uuid.uuid4().hex[:8]}")
    env.pop("MOC_PLAIN_STATIC")  # production: the hashed files collectstatic wrote
    command = [sys.executable, "-m", "gunicorn", "moc_portal.wsgi", "--workers", "2"]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        wait_until_up(port)
        urls = [CONTROL, *URLS] if args.control else URLS
        for result in (burst(port, url, args.requests, args.connections) for url in urls):
            print(json.dumps(result, ensure_ascii=False), flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()

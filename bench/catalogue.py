"""Catalogue throughput against the /healthz baseline, in one run (ratios, not seconds).

Usage (a database with demo data, e.g. after `seed_demo --programs 10000 --organizations 300`):
    python bench/catalogue.py [--requests 400] [--concurrency 4]

It starts gunicorn on a free loopback port with the current environment (DATABASE_URL,
REDIS_URL…), sends the same number of requests to each URL from a few threads, and prints
requests per second and the ratio of each page to /healthz (the cost of Django + the page
over the bare WSGI stack). Machines here are noisy, so compare ratios from one run.
"""

import argparse
import http.client
import signal
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

from local_server import (  # bench/ is on the path of its scripts
    free_port,
    server_environment,
    wait_until_up,
)

ROOT = Path(__file__).resolve().parents[1]
URLS = [
    "/healthz",
    "/",
    "/programs/",
    "/programs/?direction=tech&age=10&payment=certificate",
    "/programs/?q=робототехника",
    "/programs/?q=робатотехника&page=2",
    "/organizations/",
]


def hammer(port, url, requests, concurrency):
    def worker(count):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies = []
        for _ in range(count):
            started = time.perf_counter()
            connection.request("GET", quote(url, safe="/?&=%"))
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"{url} answered {response.status}")
            latencies.append(time.perf_counter() - started)
        return latencies

    share = requests // concurrency
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        latencies = [lat for part in pool.map(worker, [share] * concurrency) for lat in part]
    elapsed = time.perf_counter() - started
    return len(latencies) / elapsed, statistics.median(latencies)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()

    port = free_port()
    env = server_environment()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "moc_portal.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(port)
        for url in URLS:  # warm caches and connections
            hammer(port, url, args.concurrency, args.concurrency)
        baseline, _ = hammer(port, "/healthz", args.requests, args.concurrency)
        print(f"{'URL':60} {'req/s':>8} {'median ms':>10} {'ratio to /healthz':>18}")
        for url in URLS:
            rate, median = hammer(port, url, args.requests, args.concurrency)
            print(f"{url:60} {rate:8.0f} {median * 1000:10.1f} {baseline / rate:18.1f}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)


if __name__ == "__main__":
    main()

"""The catalogue at September's peak, measured against the framework's own floor, in one run.

Usage: bench/run [--duration 10] [--connections 16] [--skip-report] [--skip-import]

It seeds a PostgreSQL database (BENCH_DATABASE_URL, default moc_bench on the machine's server)
with `seed_demo --programs 10000 --organizations 300` unless it already holds that many,
collects the static files as production does, starts gunicorn (2 workers, DEBUG off) with Redis
as the cache (BENCH_REDIS_URL), and measures each page with wrk for a fixed time. Machines here
are noisy, so what counts is each page's requests/s as a ratio to /healthz's in the same run.
It prints a table and writes bench/results.json (the keys are listed in RESULT_KEYS).
"""

import argparse
import gzip
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from local_server import free_port, server_environment, wait_until_up

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PYTHON = sys.executable

# name → URL; "{program}" is replaced by a published program's slug.
PAGES = {
    "healthz": "/healthz",
    "catalogue": "/programs/?direction=tech&age=10&q=робототехника",
    "catalogue_uncached": None,  # a different filter combination each request (wrk script)
    "program": "/programs/{program}/",
    "home": "/",
    "events": "/events/",
    "news": "/news/",
    "practices": "/practices/",
    "organizations": "/organizations/",
    "api_programs": "/api/v1/programs/",
    "export_xlsx": "/programs/export.xlsx?direction=tech",
}
# 30 exports per address in ten minutes (programs.views.EXPORTS): timed one by one instead.
RATE_LIMITED = {"export_xlsx"}
RESULT_KEYS = (
    "catalogue_ratio",
    "catalogue_uncached_ratio",
    "program_ratio",
    "catalogue_p99_ms",
    "catalogue_queries",
    "program_queries",
    "catalogue_html_kb",
    "static_compressed_kb",
    "worker_rss_mb",
)

VARYING_SCRIPT = """
-- A different catalogue query each request, so no cache answers twice. Each parameter is drawn
-- on its own (deriving them all from one counter gave only 78 distinct addresses, which the
-- page cache soon held) from a generator seeded per thread: about 180,000 combinations.
local directions = {%(directions)s}
local payments = {"free", "certificate", "paid"}
local threads_made = 0

function setup(thread)
  threads_made = threads_made + 1
  thread:set("seed_offset", threads_made)
end

function init(args)
  math.randomseed(os.time() * 100 + seed_offset)
end

request = function()
  local path = string.format("/programs/?direction=%%s&age=%%d&payment=%%s&page=%%d",
    directions[math.random(#directions)], math.random(3, 18), payments[math.random(3)],
    math.random(3))
  local day = math.random(0, 7)
  if day > 0 then
    path = path .. "&day=" .. day
  end
  local half_hours = math.random(0, 12)
  if half_hours > 0 then
    local hour, minute = 13 + math.floor(half_hours / 2), (half_hours %% 2) * 30
    path = path .. string.format("&after=%%02d:%%02d", hour, minute)
  end
  return wrk.format("GET", path)
end
"""


def run(command, env, **options):
    return subprocess.run(command, cwd=ROOT, env=env, check=True, text=True, **options)


def ensure_wrk():
    if shutil.which("wrk"):
        return
    print("installing wrk from Debian")
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)


def ensure_database(url):
    name = url.rsplit("/", 1)[1]
    found = subprocess.run(
        [
            "psql",
            url.rsplit("/", 1)[0] + "/postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname='{name}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not found:
        subprocess.run(
            ["psql", url.rsplit("/", 1)[0] + "/postgres", "-c", f'CREATE DATABASE "{name}"'],
            check=True,
        )


def manage(env, *arguments, capture=False):
    return run([PYTHON, "manage.py", *arguments], env, capture_output=capture)


def seed(env, programs, organizations):
    manage(env, "migrate", "--noinput", "-v0")
    count = manage(
        env,
        "shell",
        "-c",
        "from programs.models import Program; print(Program.objects.count())",
        capture=True,
    ).stdout.split()[-1]  # the shell may print its auto-imports before
    if count != str(programs):
        print(f"seeding {programs} programs, {organizations} organizations (a few minutes)")
        manage(
            env,
            "seed_demo",
            "--replace",
            "--programs",
            str(programs),
            "--organizations",
            str(organizations),
        )
    # The planner setting of deploy/README.md step 4 (else search scans instead of using GIN).
    name = env["DATABASE_URL"].rsplit("/", 1)[1]
    tuning = f'ALTER DATABASE "{name}" SET random_page_cost = 1.1'
    subprocess.run(["psql", env["DATABASE_URL"], "-qc", tuning], check=True)
    subprocess.run(["psql", env["DATABASE_URL"], "-qc", "ANALYZE"], check=True)


def parse_wrk(output):
    def seconds(text):
        value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
        return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1, "m": 60}[unit]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = seconds(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = seconds(re.search(r"\s99%\s+(\S+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rate,
        "p50_ms": p50 * 1000,
        "p99_ms": p99 * 1000,
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def wrk(port, path, duration, connections, script=None):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", script]
    command.append(f"http://127.0.0.1:{port}{quote(path, safe='/?&=%,.')}")
    return parse_wrk(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def sequential(port, path, requests):
    """One request at a time, for a page wrk would only see refused; rps = 1 / median."""
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        status, _, _ = get(port, path)
        timings.append(time.perf_counter() - started)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
    timings.sort()
    median = timings[len(timings) // 2]
    return {"rps": 1 / median, "p50_ms": median * 1000, "p99_ms": timings[-1] * 1000, "non_2xx": 0}


def get(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", quote(path, safe="/?&=%,."), headers=headers or {})
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read()


def static_compressed_kb(port, html):
    """CSS and JS a catalogue page loads, as a browser receives them (compressed)."""
    assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    total = 0
    for asset in dict.fromkeys(assets):
        status, headers, body = get(port, asset, {"Accept-Encoding": "br, gzip"})
        if status != 200:
            raise SystemExit(f"{asset} answered {status}")
        encoding = headers.get("Content-Encoding")
        total += len(body) if encoding else len(gzip.compress(body))
    return total / 1024, len(dict.fromkeys(assets))


def worker_pids(master):
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def rss_mb(pids):
    def field(pid, name):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1]) / 1024
        return 0.0

    return max(field(pid, "VmRSS") for pid in pids), max(field(pid, "VmHWM") for pid in pids)


def hammer(port, paths, requests):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for index in range(requests):
        connection.request("GET", quote(paths[index % len(paths)], safe="/?&=%,."))
        connection.getresponse().read()


def page_stats(env, urls):
    output = run(
        [PYTHON, str(BENCH / "page_stats.py"), json.dumps(urls)], env, capture_output=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--programs", type=int, default=10_000)
    parser.add_argument("--organizations", type=int, default=300)
    parser.add_argument("--leak-requests", type=int, default=10_000)
    parser.add_argument("--output", default=str(BENCH / "results.json"))
    parser.add_argument("--skip-report", action="store_true", help="not bench/report")
    parser.add_argument("--skip-import", action="store_true", help="not bench/import")
    args = parser.parse_args()

    ensure_wrk()
    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/moc_bench"
    )
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    ensure_database(database_url)
    static_root = Path(tempfile.mkdtemp(prefix="moc-bench-static-"))
    env = server_environment(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        MOC_PLAIN_STATIC="0",
        STATIC_ROOT=str(static_root),
        MAIL_DELIVERY="manual",
        LOG_LEVEL="WARNING",
    )
    seed(env, args.programs, args.organizations)
    manage(env, "collectstatic", "--noinput", "-v0")

    named = {name: url for name, url in PAGES.items() if url}
    stats = page_stats(env, named)
    slug = stats["program_slug"]
    named = {name: url.replace("{program}", slug) for name, url in named.items()}

    script = Path(tempfile.mkstemp(prefix="moc-bench-", suffix=".lua")[1])
    codes = ", ".join(json.dumps(code) for code in stats["directions"])
    script.write_text(VARYING_SCRIPT % {"directions": codes})

    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "moc_portal.wsgi", "--workers", "2"]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    results = {}
    try:
        wait_until_up(port)
        subprocess.run(["redis-cli", "-u", redis_url, "flushdb"], check=True, capture_output=True)
        _, _, html = get(port, named["catalogue"])
        static_path = re.search(r'href="(/static/[^"]+\.css)"', html.decode()).group(1)
        named_with_static = {"static": static_path, **named}
        for name, url in named_with_static.items():
            status, _, _ = get(port, url)  # warm the page (and tell a missing one)
            if status != 200:
                print(f"{name}: {url} answered {status}; skipped")
                continue
            if name in RATE_LIMITED:
                results[name] = sequential(port, url, requests=5)
            else:
                results[name] = wrk(port, url, args.duration, args.connections)
        results["catalogue_uncached"] = wrk(
            port, "/programs/", args.duration, args.connections, script=str(script)
        )
        pids = worker_pids(server.pid)
        mixed = [named["catalogue"], named["program"], "/", "/events/", "/programs/?page=2"]
        hammer(port, mixed, 1000)
        after_thousand, _ = rss_mb(pids)
        hammer(port, mixed, max(args.leak_requests - 1000, 0))
        after_all, peak = rss_mb(pids)
        kb, asset_count = static_compressed_kb(port, html.decode())
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
        shutil.rmtree(static_root, ignore_errors=True)
        script.unlink(missing_ok=True)

    floor = results["healthz"]["rps"]
    print(f"{'page':22}{'req/s':>9}{'ratio':>8}{'p50 ms':>9}{'p99 ms':>9}{'SQL':>6}{'KB':>7}")
    for name, figures in results.items():
        page = stats["pages"].get(name, {})
        size = page.get("bytes")
        print(
            f"{name:22}{figures['rps']:9.0f}{figures['rps'] / floor:8.3f}"
            f"{figures['p50_ms']:9.1f}{figures['p99_ms']:9.1f}"
            f"{page.get('queries', ''):>6}{(size or 0) / 1024:7.1f}"
            + (f"  ({figures['non_2xx']} non-2xx)" if figures["non_2xx"] else "")
        )
    print(f"static CSS+JS of the catalogue: {kb:.1f} KB compressed in {asset_count} files")
    print(
        f"worker RSS: {after_thousand:.1f} MB after 1,000 requests, {after_all:.1f} MB after "
        f"{args.leak_requests:,}; peak {peak:.1f} MB"
    )
    print("load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))

    output = Path(args.output)
    summary = json.loads(output.read_text()) if output.exists() else {}
    summary.update(
        {
            "catalogue_ratio": results["catalogue"]["rps"] / floor,
            "catalogue_uncached_ratio": results["catalogue_uncached"]["rps"] / floor,
            "program_ratio": results["program"]["rps"] / floor,
            "catalogue_p99_ms": results["catalogue"]["p99_ms"],
            "catalogue_queries": stats["pages"]["catalogue"]["queries"],
            "program_queries": stats["pages"]["program"]["queries"],
            "catalogue_html_kb": stats["pages"]["catalogue"]["bytes"] / 1024,
            "static_compressed_kb": kb,
            "worker_rss_mb": peak,
            "worker_rss_growth": after_all / after_thousand - 1,
            "pages": {
                name: {**figures, "ratio": figures["rps"] / floor, **stats["pages"].get(name, {})}
                for name, figures in results.items()
            },
            "load_average": os.getloadavg()[0],
            "measured_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        }
    )
    output.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    print(f"written: {output}")
    for script, skipped in (("report", args.skip_report), ("import", args.skip_import)):
        if not skipped:
            print(f"--- bench/{script}")
            run([str(BENCH / script)], {**os.environ, "BENCH_RESULTS": str(output)})


if __name__ == "__main__":
    main()

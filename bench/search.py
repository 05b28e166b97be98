"""Catalogue search: how often a typo still finds the program, and what a search costs.

Usage (PostgreSQL with demo data, e.g. after `seed_demo --programs 10000 --organizations 300`):
    python bench/search.py [--requests 200] [--skip-timing] [--skip-typos] [--save-typos FILE]

1. Typos. From every public program title it takes each word of 5–12 letters and makes
   twelve typos of it: a wrong letter, a missing letter, an extra letter and two neighbouring
   letters swapped, each at the start, in the middle and at the end of the word. A typo is
   found when searching for it alone lists a program whose title has the word; the share is
   also given without the typos that are themselves word forms the catalogue knows
   («кружк» of «кружок» is a form of «кружки»: no search should correct it).
2. Time. It starts gunicorn on a free loopback port with the current environment and times
   the catalogue page for an exact word, a word form, a typo and a wrong-layout query, each
   as a ratio of its median to the median of /healthz in the same run (machines here are
   noisy: compare ratios from one run, not seconds across runs).
"""

import argparse
import http.client
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

from local_server import (  # bench/ is on the path of its scripts
    free_port,
    server_environment,
    wait_until_up,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUERIES = [
    ("/healthz", "baseline"),
    ("/programs/?q=робототехника", "exact word"),
    ("/programs/?q=робототехнике", "word form"),
    ("/programs/?q=робототенхика", "typo (transposition)"),
    ("/programs/?q=шахмты", "typo (deletion)"),
    ("/programs/?q=hj,jnjntnybrf", "wrong layout"),
]
RUSSIAN_LETTERS = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
KINDS = ("substitution", "deletion", "insertion", "transposition")
POSITIONS = ("start", "middle", "end")


# --- typos ---------------------------------------------------------------------------------


def make_typo(word, kind, position, rng):
    index = {"start": 0, "middle": len(word) // 2, "end": len(word) - 1}[position]
    if kind == "substitution":
        letter = rng.choice([c for c in RUSSIAN_LETTERS if c != word[index]])
        return word[:index] + letter + word[index + 1 :]
    if kind == "deletion":
        return word[:index] + word[index + 1 :]
    if kind == "insertion":
        letter = rng.choice(RUSSIAN_LETTERS)
        return word[: index + 1] + letter + word[index + 1 :]
    index = min(index, len(word) - 2)  # transposition swaps the letter with the next one
    return word[:index] + word[index + 1] + word[index] + word[index + 2 :]


def title_words(title):
    normalized = title.lower().replace("ё", "е")
    return [w for w in re.findall(r"[а-я]+", normalized) if 5 <= len(w) <= 12]


def typo_recall(save_to=None):
    import django

    django.setup()
    from programs.models import Program
    from programs.selectors.catalogue import matching_programs

    try:  # the vocabulary exists only from issue 11 on; before it, every typo counts
        from programs.search_vocabulary import load_search_vocabulary

        vocabulary = load_search_vocabulary()
    except ImportError:
        vocabulary = None

    programs_by_word = defaultdict(list)
    for pk, title in Program.objects.public().values_list("pk", "title"):
        for word in set(title_words(title)):
            programs_by_word[word].append(pk)
    rng = random.Random(11)
    results = []  # (word, kind, typo, known word form?, found?)
    started = time.perf_counter()
    for word in sorted(programs_by_word):
        owners = programs_by_word[word][:500]
        for kind in KINDS:
            for position in POSITIONS:
                typo = make_typo(word, kind, position, rng)
                if typo == word:
                    continue
                known = bool(vocabulary and vocabulary.knows(typo))
                hit = matching_programs({"q": typo}).filter(pk__in=owners).exists()
                results.append((word, kind, position, typo, known, hit))
    elapsed = time.perf_counter() - started
    if save_to:
        with open(save_to, "w") as out:
            for row in results:
                out.write("\t".join(str(value) for value in row) + "\n")
    print(f"Title words of 5–12 letters: {len(programs_by_word)} ({elapsed:.0f} s)")
    report("All typos", results)
    if vocabulary:
        report("Typos that are not a known word form", [r for r in results if not r[4]])


def report(heading, results):
    found = sum(row[5] for row in results)
    print(f"{heading}: found {found} of {len(results)} = {found / max(len(results), 1):.1%}")
    for kind in KINDS:
        rows = [row for row in results if row[1] == kind]
        hits = sum(row[5] for row in rows)
        print(f"  {kind:14} {hits:5} of {len(rows):5} = {hits / max(len(rows), 1):.1%}")


# --- timing --------------------------------------------------------------------------------


def latencies(port, url, requests):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    result = []
    for _ in range(requests):
        started = time.perf_counter()
        connection.request("GET", quote(url, safe="/?&=%"))
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")
        result.append(time.perf_counter() - started)
    return result


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def timing(requests):
    port = free_port()
    env = server_environment()
    command = [sys.executable, "-m", "gunicorn", "moc_portal.wsgi", "--workers", "1"]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        wait_until_up(port)
        for url, _ in QUERIES:  # warm caches and connections
            latencies(port, url, 5)
        # Interleave the URLs round by round, so a noisy neighbour hurts all of them alike.
        samples = {url: [] for url, _ in QUERIES}
        rounds = 10
        for _ in range(rounds):
            for url, _ in QUERIES:
                samples[url] += latencies(port, url, max(requests // rounds, 1))
        baseline = statistics.median(samples["/healthz"])
        exact = statistics.median(samples[QUERIES[1][0]])
        print(
            f"| {'query':22} | {'URL':34} | median ms | p99 ms | × /healthz | × exact |\n"
            f"|{'-' * 24}|{'-' * 36}|-----------|--------|------------|---------|"
        )
        for url, name in QUERIES:
            median = statistics.median(samples[url])
            p99 = percentile(samples[url], 0.99)
            print(
                f"| {name:22} | {url:34} | {median * 1000:9.1f} | {p99 * 1000:6.1f} "
                f"| {median / baseline:10.1f} | {median / exact:7.2f} |"
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--skip-timing", action="store_true")
    parser.add_argument("--skip-typos", action="store_true")
    parser.add_argument("--save-typos", help="write each typo and whether it was found (TSV)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moc_portal.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    if not args.skip_timing:
        timing(args.requests)
    if not args.skip_typos:
        typo_recall(args.save_typos)


if __name__ == "__main__":
    main()

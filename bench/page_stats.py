"""What one anonymous request costs, in-process: SQL queries and HTML size per page.

Run by bench/run with the benchmark's environment (DATABASE_URL, REDIS_URL); prints one JSON
object. The cache is cleared before each page so the queries are those of a page no visitor
has asked for yet (the uncached cost), and asked again to show what a cached request costs.
"""

import json
import sys

from django_setup import setup_django  # bench/ is on the path of its scripts


def first_program_slug():
    from programs.models import Program

    return Program.objects.public().order_by("pk").values_list("slug", flat=True).first()


def directions():
    from programs.models import Direction

    return list(Direction.objects.order_by("pk").values_list("code", flat=True))


def measure(urls):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    pages = {}
    for name, url in urls.items():
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            response = client.get(url)
        with CaptureQueriesContext(connection) as warm:
            client.get(url)
        pages[name] = {
            "url": url,
            "status": response.status_code,
            "queries": len(cold.captured_queries),
            "queries_cached": len(warm.captured_queries),
            "bytes": len(response.content) if not response.streaming else None,
        }
    return pages


def main():
    setup_django()
    urls = json.loads(sys.argv[1])
    slug = first_program_slug()
    urls = {name: url.replace("{program}", slug or "missing") for name, url in urls.items()}
    print(json.dumps({"program_slug": slug, "directions": directions(), "pages": measure(urls)}))


if __name__ == "__main__":
    main()

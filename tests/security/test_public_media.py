"""Uploaded images show in production (issue 19, item 2): with DEBUG off under gunicorn, every
<img> of the demo's public pages answers 200 with an image type, and nothing outside
MEDIA_ROOT/public/ has an address. The demo is seeded into a SQLite file of this test's own."""

import os
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
from html.parser import HTMLParser

import pytest

from .processes import ROOT, Gunicorn


class Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.sources.append(dict(attrs)["src"])


def fetch(server, path):
    """(status, content type, body) of a GET, errors included."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}{path}", timeout=20) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read(), r.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), b"", error.headers


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("public_media")
    media = folder / "media"
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "REDIS_URL"}}
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'demo.sqlite3'}",
        MEDIA_ROOT=str(media),
        SECRET_KEY="test-only-secret-key",
        MOC_PLAIN_STATIC="1",
    )
    for command in (["migrate", "-v0"], ["seed_demo", "--programs", "60", "--organizations", "8"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    # What an attacker would guess: a private document, and a report where it used to lie.
    (media / "private" / "documents").mkdir(parents=True, exist_ok=True)
    (media / "private" / "documents" / "prikaz.pdf").write_bytes(b"%PDF-1.4 private")
    (media / "monitoring" / "reports").mkdir(parents=True, exist_ok=True)
    (media / "monitoring" / "reports" / "otchet-2026-10.xlsx").write_bytes(b"PK private")
    (media / "public" / "page.html").write_bytes(b"<script>alert(1)</script>")
    with sqlite3.connect(folder / "demo.sqlite3") as database:
        program = database.execute(
            "SELECT slug FROM programs_program WHERE photo != '' ORDER BY id LIMIT 1"
        ).fetchone()[0]
        organization = database.execute(
            "SELECT slug FROM programs_organization WHERE logo != '' ORDER BY id LIMIT 1"
        ).fetchone()[0]
    server = Gunicorn(env["DATABASE_URL"], folder / "gunicorn.log", MEDIA_ROOT=str(media))
    yield (
        server,
        [
            "/",
            "/programs/",
            f"/programs/{program}/",
            f"/organizations/{organization}/",
            "/news/",
        ],
    )
    server.stop()


def test_every_image_of_the_demos_public_pages_answers_with_an_image(demo_site):
    server, pages = demo_site
    sources = set()
    for page in pages:
        status, _type, body, _headers = fetch(server, page)
        assert status == 200, (page, server.output())
        parser = Images()
        parser.feed(body.decode())
        sources.update(parser.sources)
    uploaded = {source for source in sources if source.startswith("/media/")}
    assert len(uploaded) >= 3, sources  # a program's photo, a logo, news images
    assert all(source.startswith("/media/public/") for source in uploaded), uploaded
    for source in sorted(sources):
        status, content_type, body, headers = fetch(server, source)
        assert status == 200, (source, server.output())
        assert content_type.startswith("image/"), (source, content_type)
        assert body, source
        if source in uploaded:
            assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "path",
    [
        "/media/private/documents/prikaz.pdf",
        "/media/monitoring/reports/otchet-2026-10.xlsx",
        "/media/public/../private/documents/prikaz.pdf",
        "/media/public/%2e%2e/private/documents/prikaz.pdf",
        "/media/public/page.html",
        "/media/public/missing.jpg",
    ],
)
def test_a_guessed_address_of_anything_else_answers_404(demo_site, path):
    server, _pages = demo_site
    assert fetch(server, path)[0] == 404

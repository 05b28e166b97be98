"""Browser tests: a real Chromium (Debian's package) driven by Playwright against live_server.

Without Chromium, Playwright or the npm measuring tools (axe-core, vnu-jar) these tests skip
on a developer's machine; under CI (`CI=true`, set by .ci/run) a missing tool is a failure.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
# still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def under_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing(what):
    """Skip locally; in CI a browser test that cannot run must not pass quietly."""
    if under_ci():
        pytest.fail(f"{what} — required under CI", pytrace=False)
    pytest.skip(what)


try:
    from playwright import sync_api
except ImportError:  # pragma: no cover - depends on the machine
    sync_api = None


@pytest.fixture(scope="session")
def browser():
    if sync_api is None:
        missing("Playwright is not installed")
    if not os.path.exists(CHROMIUM):
        missing("Chromium is not installed (make e2e-deps)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def open_context(browser):
    """open_context(viewport=…, vision="font:3|scheme:bw|…", **options) → a new context;
    all are closed after the test."""
    contexts = []

    def open_(viewport=DESKTOP, vision=None, base_url=None, **options):
        context = browser.new_context(locale="ru-RU", viewport=viewport, **options)
        if vision:
            context.add_cookies(
                [{"name": "moc_vision", "value": vision, "url": base_url or "http://localhost"}]
            )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_context):
    return open_context().new_page()


@pytest.fixture(params=list(VIEWPORTS))
def any_viewport_page(request, open_context):
    """The same journey on a desktop and on a phone."""
    context = open_context(viewport=VIEWPORTS[request.param], is_mobile=request.param == "phone")
    return context.new_page()


@pytest.fixture
def demo_site(migrated_rows):
    """Every app's demo data, small: each page type has objects to show."""
    from moc_portal import demo

    demo.seed_demo(programs=60, organizations=4, seed=1, password="demo-pass-123")

"""The API's documentation page in a real Chromium: Swagger UI (our own static files) draws
every operation under the strict Content-Security-Policy, with no violation."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("migrated_rows")]


def test_api_docs_render_the_operations_without_csp_violations(live_server, page):
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(live_server.url + "/api/v1/docs/")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/programs/" in path for path in paths)
    assert found == []


def test_api_docs_fit_a_phone(live_server, open_context):
    from tests.e2e.conftest import PHONE

    page = open_context(viewport=PHONE, is_mobile=True).new_page()
    page.goto(live_server.url + "/api/v1/docs/")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0

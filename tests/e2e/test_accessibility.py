"""Measured, not assumed: axe-core, the Nu HTML checker, 200% zoom and the keyboard, on every
public page type (tests/e2e/public_pages.py) in the normal and the visually-impaired versions."""

import re

import pytest

from .measure import axe_source, blocking, record, run_axe, run_vnu
from .public_pages import PAGES, VISION_MODES, PageUnavailable

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("migrated_rows")]


def page_path(public_page):
    try:
        return public_page.path()
    except PageUnavailable as reason:
        pytest.skip(f"{public_page.label}: {reason}")


@pytest.mark.parametrize("public_page", PAGES, ids=lambda p: p.label)
def test_no_serious_axe_violations_in_any_version(
    live_server, open_context, demo_site, public_page
):
    path = page_path(public_page)
    source = axe_source()
    problems = {}
    for mode, cookie in VISION_MODES.items():
        context = open_context(vision=cookie, base_url=live_server.url, bypass_csp=True)
        page = context.new_page()
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{path} answered {response.status}"
        violations = run_axe(page, source)
        record("axe", f"{public_page.label}/{mode}", violations)
        if blocking(violations):
            problems[mode] = blocking(violations)
        assert page.locator("h1").count() == 1, f"{path} ({mode}) must have exactly one h1"
        context.close()
    assert not problems, problems


def test_the_html_of_every_page_is_valid(client, demo_site):
    documents, skipped = {}, []
    for public_page in PAGES:
        try:
            path = public_page.path()
        except PageUnavailable as reason:
            skipped.append(f"{public_page.label}: {reason}")
            continue
        for mode, cookie in VISION_MODES.items():
            client.cookies.clear()
            if cookie:
                client.cookies["moc_vision"] = cookie
            response = client.get(path)
            assert response.status_code == 200, path
            documents[f"{public_page.label}--{mode}"] = response.content.decode()
    errors = run_vnu(documents)
    for name, found in errors.items():
        record("vnu", name, found)
    assert not {name: found for name, found in errors.items() if found}


# (CSS width, version): 640 is a 1280-px screen at 200% zoom; 390 is a phone.
WIDTHS = [
    (640, "normal"),
    (640, "vi-wb-large"),
    (640, "vi-bw-wide"),
    (390, "normal"),
    (390, "vi-wb-large"),
]


@pytest.mark.parametrize("public_page", PAGES, ids=lambda p: p.label)
def test_no_horizontal_scroll_at_200_percent_zoom_or_on_a_phone(
    live_server, open_context, demo_site, public_page
):
    path = page_path(public_page)
    overflow = {}
    for width, mode in WIDTHS:
        context = open_context(
            viewport={"width": width, "height": 800},
            device_scale_factor=2,
            vision=VISION_MODES[mode],
            base_url=live_server.url,
        )
        page = context.new_page()
        page.goto(live_server.url + path)
        extra = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        record("zoom", f"{public_page.label}/{mode}/{width}", extra)
        if extra > 0:
            overflow[f"{mode} at {width}px"] = extra
        context.close()
    assert not overflow, f"{path} scrolls sideways by {overflow} px"


FOCUS_IS_VISIBLE = """(() => {
    const style = getComputedStyle(document.activeElement);
    return style.outlineStyle !== "none" || style.boxShadow !== "none";
})()"""


def tab_to(page, predicate_js, limit=120):
    """Press Tab until the focused element satisfies `predicate_js` (a JS function body on
    `el`); returns how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; {predicate_js} }})()"):
            return presses
    raise AssertionError(f"Tab never reached an element where: {predicate_js}")


def test_the_catalogue_filters_and_pages_by_keyboard_alone(live_server, page, demo_site):
    page.goto(live_server.url + "/programs/")
    total = page.locator("#results-heading").inner_text()

    # The skip link is the first stop and leads to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Перейти к содержанию"
    page.keyboard.press("Enter")

    tab_to(page, "return el.id === 'filter-age';")
    assert page.evaluate(FOCUS_IS_VISIBLE), "the focused field shows no focus ring"
    page.keyboard.type("9")
    tab_to(page, "return el.id === 'f-direction-tech';")
    with page.expect_navigation():
        page.keyboard.press("Space")  # a ticked box applies the filter at once
    assert re.search(r"direction=tech", page.url) and re.search(r"age=9", page.url)
    filtered = page.locator("#results-heading").inner_text()
    assert filtered != total

    page.goto(live_server.url + "/programs/")
    tab_to(page, "return el.getAttribute('rel') === 'next';")
    assert page.evaluate(FOCUS_IS_VISIBLE), "the focused link shows no focus ring"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "page=2" in page.url
    assert page.locator(".pagination [aria-current=page]").inner_text() == "2"


def test_the_visually_impaired_version_works_without_javascript(live_server, open_context):
    page = open_context(java_script_enabled=False).new_page()
    page.goto(live_server.url + "/about/")
    page.get_by_role("link", name="Версия для слабовидящих").first.click()
    page.wait_for_url(re.compile(r"/about/$"))
    assert "vi-font-1" in page.locator("html").get_attribute("class")

    page.get_by_role("link", name="очень крупный").click()
    page.get_by_role("link", name="белым по чёрному").click()
    page.get_by_role("link", name="не показывать").click()
    page.get_by_role("link", name="увеличенный").click()
    classes = page.locator("html").get_attribute("class").split()
    assert {"vi-font-3", "vi-scheme-bw", "vi-images-off", "vi-spacing-wide"} <= set(classes)
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    assert page.url.endswith("/about/")

    page.get_by_role("link", name="Обычная версия сайта").click()
    page.wait_for_url(re.compile(r"/about/$"))
    assert not page.locator("html").get_attribute("class")

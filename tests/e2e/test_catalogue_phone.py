"""The catalogue on a 390 px phone: results first, filters folded behind «Фильтры»."""

import pytest

from tests.factories import make_program

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("migrated_rows")]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def catalogue():
    for n in range(5):
        make_program(title=f"Хореография {n + 1}", direction="art", age_min=6, age_max=12)
    make_program(title="Робототехника", direction="tech", age_min=8, age_max=14)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_on_a_phone_the_first_result_shows_before_the_filters(live_server, phone, catalogue):
    phone.goto(live_server.url + "/programs/?direction=art&age=9")

    first_result = phone.locator(".program-card").first
    box = first_result.bounding_box()
    assert box["y"] + 40 < PHONE["height"]  # its title is on the first screen
    assert not phone.locator("#catalogue-filters").is_visible()
    toggle = phone.locator("summary.filters-toggle")
    assert "Фильтры" in toggle.inner_text()
    assert toggle.locator(".filters-count").inner_text() == "2"  # направленность and возраст

    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_the_filters_button_unfolds_the_filters_on_a_phone(live_server, phone, catalogue):
    phone.goto(live_server.url + "/programs/")
    phone.locator("summary.filters-toggle").click()
    assert phone.locator("#catalogue-filters").is_visible()
    phone.get_by_label("Возраст ребёнка, лет").fill("13")
    phone.get_by_role("button", name="Показать").click()
    phone.wait_for_url("**age=13**")
    assert "Найдено: 1 программа" in phone.locator("#results-heading").inner_text()


def test_the_fold_works_without_javascript(live_server, browser, catalogue):
    context = browser.new_context(viewport=PHONE, locale="ru-RU", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/programs/")
    assert not page.locator("#catalogue-filters").is_visible()
    page.locator("summary.filters-toggle").click()
    assert page.locator("#catalogue-filters").is_visible()
    context.close()


def test_on_a_wide_screen_the_filters_are_a_side_panel(live_server, page, catalogue):
    page.goto(live_server.url + "/programs/")
    assert page.locator("#catalogue-filters").is_visible()
    assert not page.locator("summary.filters-toggle").is_visible()

"""The catalogue on a 390 px phone: results first, filters folded behind «Фильтры»."""

import re

import pytest

from moc_portal.models import SiteSettings
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
    assert toggle.is_visible()
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
    assert phone.locator(".program-card h3").all_inner_texts() == ["Робототехника"]


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


def test_on_a_phone_ticks_wait_for_show_and_the_filters_stay_open(live_server, phone, catalogue):
    phone.goto(live_server.url + "/programs/")
    phone.locator("summary.filters-toggle").click()
    phone.get_by_label(re.compile("^Художественная")).check()
    phone.get_by_label(re.compile("^Техническая")).check()
    assert phone.locator("#catalogue-filters").is_visible()  # not reloaded, not folded
    assert "direction" not in phone.url
    phone.get_by_role("button", name="Показать").click()
    phone.wait_for_url(re.compile(r"direction=art.*direction=tech|direction=tech.*direction=art"))
    assert phone.locator(".program-card").count() == 6


def test_the_enrolment_is_on_the_first_screen_of_a_program_page(live_server, phone):
    site = SiteSettings.load()
    site.navigator_base_url = "https://navigator.example"
    site.save()
    program = make_program(
        title="Хореографическая студия «Грация» для детей младшего школьного возраста",
        navigator_id="777",
        annotation="Классический и народный танец, ритмика, партерная гимнастика. " * 12,
        goals="Развитие музыкальности и координации. " * 10,
    )
    phone.goto(live_server.url + program.get_absolute_url())
    enrol = phone.get_by_role("link", name="Записаться в Навигаторе").first
    assert enrol.is_visible()
    box = enrol.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]

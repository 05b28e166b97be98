"""The header fits every screen from 320 to 1920 px, for a visitor and for the staff.

One loaded page is resized through every width in steps of 16 px; at none of them may the
document be wider than the window (a 1366 px laptop at 125 % is a 1093 px window)."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from tests.factories import make_program
from tests.waiting import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("migrated_rows")]

WIDTHS = range(320, 1921, 16)
PAGES = ["/", "/programs/"]


@pytest.fixture
def catalogue():
    make_program(title="Рисунок и живопись", direction="art", age_min=7, age_max=14)


@pytest.fixture
def coordinator(django_user_model):
    user = django_user_model.objects.create_user("coordinator", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename="view_dashboard"))
    return user


def overflowing_widths(page, url):
    page.goto(url)
    too_wide = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        # Polled from here: wait_for_function eval's its predicate in the page, which the CSP
        # refuses whenever the first check is false.
        wait_until(lambda w=width: page.evaluate("window.innerWidth") == w, f"a {width} px window")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide.append((width, scroll_width))
    return too_wide


def test_no_width_scrolls_sideways_for_a_visitor(live_server, browser, catalogue):
    context = browser.new_context(locale="ru-RU", viewport={"width": 320, "height": 800})
    page = context.new_page()
    for path in PAGES:
        assert overflowing_widths(page, live_server.url + path) == [], path
    context.close()


def test_no_width_scrolls_sideways_for_the_staff(live_server, browser, catalogue, coordinator):
    client = Client()
    client.force_login(coordinator)
    context = browser.new_context(locale="ru-RU", viewport={"width": 320, "height": 800})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    for path in PAGES:
        page.goto(live_server.url + path)
        assert page.locator("#main-nav button", has_text="Рабочее место").count() == 1
        assert overflowing_widths(page, live_server.url + path) == [], path
    context.close()

"""Issue 20 in Chromium: a parent keeps two programs in «Избранное», compares them side by
side, works out what the certificate pays and asks to be told when enrolment opens — on a
desktop and at 390 px, under the strict CSP; the shared link works without JavaScript."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from programs.models import EnrolmentWatch
from tests.factories import make_organization, make_program
from tests.pages import rubles

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("migrated_rows")]

# What a certificate with 5 000 ₽ left pays of the chess's 9 000 ₽ (normative 7 200 ₽).
SHARE_OF_5000 = ["5\xa0000", "9\xa0000", "4\xa0000", "444,44"]


@pytest.fixture
def programs():
    today = timezone.localdate()
    robots = make_program(
        title="Робототехника",
        enrollment_to=today + datetime.timedelta(days=60),
        places_total=15,
        places_available=4,
        is_free=True,
    )
    chess = make_program(
        title="Шахматы",
        direction="sport",
        enrollment_from=today + datetime.timedelta(days=20),
        places_total=12,
        places_available=12,
        is_free=False,
        accepts_certificate=True,
        certificate_cost=Decimal(9000),
        normative_cost=Decimal(7200),
        cost_months=9,
    )
    make_program(title="Хор", direction="art")
    return robots, chess


def watch_csp(page):
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def overflow(page):
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_a_parent_shortlists_compares_and_asks_to_be_told(live_server, any_viewport_page, programs):
    robots, chess = programs
    page = any_viewport_page
    violations = watch_csp(page)
    page.goto(live_server.url + "/programs/")
    for program in (robots, chess):
        button = page.locator(f'[data-shortlist="{program.slug}"]').first
        button.click()
        assert button.get_attribute("aria-pressed") == "true"

    page.goto(live_server.url + "/shortlist/")  # the script opens the list kept in the browser
    page.wait_for_url("**/shortlist/?p=*")
    assert {robots.slug, chess.slug} <= set(page.url.split("p=", 1)[1].split(","))
    table = page.locator("table.compare-table")
    assert table.locator("th.compare-program").count() == 2
    assert table.locator(".enrolment-soon").inner_text() == chess.enrolment.label
    assert table.locator(".enrolment-open").inner_text() == robots.enrolment.label  # with «до»
    assert overflow(page) <= 0  # at 390 px the table scrolls inside its own box

    page.locator("table.compare-table").get_by_role("link", name="Шахматы").click()
    page.wait_for_url(f"**{chess.get_absolute_url()}")
    page.fill("#id_nominal", "5000")  # worked out in the page, nothing sent
    result = page.locator("[data-certificate-result]")
    # Covered, of the cost, left to pay, per month (9 months).
    assert rubles(result.inner_text()) == SHARE_OF_5000
    assert page.url.endswith(chess.get_absolute_url())

    page.fill("#id_email", "mama@example.ru")
    page.check("#id_consent")
    page.get_by_role("button", name="Сообщить мне").click()
    page.wait_for_selector("text=Почти готово")
    watch = EnrolmentWatch.objects.get()
    assert watch.program == chess and watch.confirmed_at is None
    assert overflow(page) <= 0
    assert violations == []


def test_the_shared_link_works_without_javascript(live_server, open_context, programs):
    robots, chess = programs
    page = open_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}
    ).new_page()
    page.goto(f"{live_server.url}/shortlist/?p={chess.slug},{robots.slug},unknown")
    assert page.locator("th.compare-program").all_inner_texts() == ["Шахматы", "Робототехника"]
    assert overflow(page) <= 0
    page.goto(live_server.url + chess.get_absolute_url())
    page.fill("#id_nominal", "5000")
    page.get_by_role("button", name="Посчитать").click()
    assert rubles(page.locator("[data-certificate-result]").inner_text()) == SHARE_OF_5000


def test_near_me_adds_the_distance_to_the_comparison_at_390_px(live_server, open_context):
    organization = make_organization(
        address="ул. Мира, 5", latitude=Decimal("58.070000"), longitude=Decimal("37.110000")
    )
    near = make_program(title="Робототехника", organization=organization)
    unknown = make_program(title="Шахматы", organization=make_organization(address="пл. Победы"))
    page = open_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        geolocation={"latitude": 58.06, "longitude": 37.11},
        permissions=["geolocation"],
    ).new_page()
    violations = watch_csp(page)
    share = f"/shortlist/?p={near.slug},{unknown.slug}"
    page.goto(live_server.url + share)
    assert page.locator(".compare-distance").count() == 0
    page.click("#near-me")  # the browser is asked only now
    page.wait_for_url("**near=**")
    assert page.locator(".compare-distance").all_inner_texts() == [
        "1,1 км",
        "расстояние неизвестно",
    ]
    assert page.locator("[data-share-link]").inner_text().endswith(share)
    assert overflow(page) <= 0
    page.get_by_role("link", name="Убрать точку").click()
    page.wait_for_url(f"**{share}")
    assert page.locator(".compare-distance").count() == 0
    assert violations == []

"""Issue 20's whole journey in Chromium on a phone: a parent finds a free robotics program on
Tuesday or Thursday after 15:00 within 3 km, adds two to «Избранное», compares them, and asks
to be told when enrolment opens for the one whose window has not opened yet."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from programs.models import EnrolmentWatch, ScheduleSlot
from tests.e2e.conftest import PHONE
from tests.factories import make_organization, make_program, make_settlement

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("migrated_rows")]

CENTRE = (Decimal("58.0580"), Decimal("37.1160"))


@pytest.fixture
def town():
    settlement = make_settlement("Красный Холм", "krasnyj-holm")
    near = make_organization(
        short_name="ДДТ", settlement=settlement, latitude=CENTRE[0], longitude=CENTRE[1]
    )
    far = make_organization(  # about 5.5 km north
        short_name="Школа",
        settlement=settlement,
        latitude=CENTRE[0] + Decimal("0.05"),
        longitude=CENTRE[1],
    )
    today = timezone.localdate()
    programs = {
        "opens_later": make_program(
            title="Робототехника: новый набор",
            organization=near,
            is_free=True,
            enrollment_from=today + datetime.timedelta(days=20),
            places_total=12,
            places_available=12,
        ),
        "open_now": make_program(
            title="Робототехника для начинающих",
            organization=near,
            is_free=True,
            places_total=15,
            places_available=3,
        ),
        "far": make_program(title="Робототехника в школе", organization=far, is_free=True),
        "paid": make_program(
            title="Робототехника платная",
            organization=near,
            is_free=False,
            is_paid=True,
            price_per_month=Decimal(2500),
        ),
        "chess": make_program(title="Шахматы", organization=near, direction="sport"),
    }
    sessions = {"opens_later": (2, 16), "open_now": (4, 15), "far": (4, 16), "paid": (2, 16)}
    sessions["chess"] = (2, 17)
    for key, (weekday, hour) in sessions.items():
        ScheduleSlot.objects.create(
            program=programs[key],
            weekday=weekday,
            starts_at=datetime.time(hour, 30),
            ends_at=datetime.time(hour + 1, 30),
        )
    # Monday's early session of the one open now does not fit; its Thursday one does.
    ScheduleSlot.objects.create(
        program=programs["open_now"],
        weekday=1,
        starts_at=datetime.time(9),
        ends_at=datetime.time(10),
    )
    return programs


def test_a_parent_finds_shortlists_compares_and_asks_to_be_told(live_server, open_context, town):
    page = open_context(viewport=PHONE, is_mobile=True).new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    query = (
        f"near={CENTRE[0]},{CENTRE[1]}&sort=distance&direction=tech&payment=free"
        "&day=2&day=4&after=15:00&km=3"
    )
    page.goto(f"{live_server.url}/programs/?{query}")
    titles = page.locator(".program-card h3").all_inner_texts()
    assert sorted(titles) == ["Робототехника для начинающих", "Робототехника: новый набор"]

    for key in ("opens_later", "open_now"):
        button = page.locator(f'[data-shortlist="{town[key].slug}"]').first
        button.click()
        assert button.get_attribute("aria-pressed") == "true"

    page.goto(live_server.url + "/shortlist/")
    page.wait_for_url("**/shortlist/?p=*")
    table = page.locator("table.compare-table")
    assert table.locator("th.compare-program").count() == 2
    # One of each state, each with its own words.
    assert table.locator(".enrolment-soon").inner_text() == town["opens_later"].enrolment.label
    assert table.locator(".enrolment-open").inner_text() == town["open_now"].enrolment.label

    later = town["opens_later"]
    table.get_by_role("link", name=later.title).click()
    page.wait_for_url(f"**{later.get_absolute_url()}")
    page.fill("#id_email", "papa@example.ru")
    page.check("#id_consent")
    page.get_by_role("button", name="Сообщить мне").click()
    page.wait_for_selector("text=Почти готово")
    watch = EnrolmentWatch.objects.get()
    assert watch.program == later and watch.confirmed_at is None  # until the link is followed
    assert (
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        <= 0
    )
    assert violations == []

"""Maps in a real Chromium: with tiles (a tile host we answer ourselves) and without (nothing
requested from another host, a list instead), under the strict CSP, at 390 px; «Рядом со мной»
on the parent's click only; the admin's point picker."""

import base64
import datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from programs.models import ScheduleSlot
from tests.e2e.conftest import PHONE
from tests.factories import make_organization, make_program, make_settlement

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("migrated_rows")]

TILES = "https://tiles.example.test/{z}/{x}/{y}.png"
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/x8AAwMCAO+ip1sAAAAASUVORK5CYII="
)
CENTRE = (Decimal("58.0580"), Decimal("37.1160"))


def watch(page, live_server):
    """Requests to other hosts and CSP violations seen by the page."""
    seen = {"foreign": [], "csp": [], "all": []}
    own = urlsplit(live_server.url).netloc
    page.on("request", lambda request: seen["all"].append(request.url))
    page.on(
        "request",
        lambda request: (
            seen["foreign"].append(request.url)
            if urlsplit(request.url).netloc not in (own, "") and not request.url.startswith("data:")
            else None
        ),
    )
    page.on(
        "console",
        lambda message: (
            seen["csp"].append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return seen


@pytest.fixture
def town():
    settlement = make_settlement("Красный Холм", "krasnyj-holm")
    near_org = make_organization(
        short_name="ДДТ", settlement=settlement, latitude=CENTRE[0], longitude=CENTRE[1]
    )
    far_org = make_organization(
        short_name="Школа",
        settlement=settlement,
        latitude=CENTRE[0] + Decimal("0.05"),
        longitude=CENTRE[1],
    )
    robotics = make_program(title="Робототехника", organization=near_org)
    far_robotics = make_program(title="Робототехника далеко", organization=far_org)
    chess = make_program(title="Шахматы", organization=near_org, direction="sport")
    for program, weekday, hour in ((robotics, 2, 16), (far_robotics, 4, 16), (chess, 1, 14)):
        ScheduleSlot.objects.create(
            program=program,
            weekday=weekday,
            starts_at=datetime.time(hour),
            ends_at=datetime.time(hour + 1, 30),
        )
    return robotics


def near_url(live_server, **extra):
    query = "&".join(f"{key}={value}" for key, value in extra.items())
    return f"{live_server.url}/programs/?near={CENTRE[0]},{CENTRE[1]}&sort=distance&{query}"


def test_without_tiles_nothing_comes_from_another_host_and_the_map_is_a_list(
    live_server, open_context, settings, town
):
    settings.MAP_TILES_URL = ""
    page = open_context(viewport=PHONE, is_mobile=True).new_page()
    seen = watch(page, live_server)
    for url in [near_url(live_server), f"{live_server.url}/organizations/"]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert page.locator("#results-map").is_hidden()
        assert page.locator(".map-places li").count() >= 1
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], url
    page.goto(near_url(live_server))
    items = page.locator(".map-places li").all_inner_texts()
    assert items[0].startswith("Робототехника") and "Робототехника далеко" in items[-1]
    assert seen["foreign"] == []
    assert seen["csp"] == []


def test_with_tiles_the_map_draws_markers_and_only_the_tile_host_is_asked(
    live_server, open_context, settings, town
):
    settings.MAP_TILES_URL = TILES
    page = open_context().new_page()
    page.route(
        "https://tiles.example.test/**",
        lambda route: route.fulfill(status=200, content_type="image/png", body=PIXEL),
    )
    seen = watch(page, live_server)
    page.goto(near_url(live_server))
    page.wait_for_load_state("networkidle")
    assert not any("leaflet" in url for url in seen["all"])  # not before the parent asks
    page.click("#show-map")
    page.wait_for_selector("#results-map .leaflet-marker-icon")
    assert page.locator("#results-map .leaflet-marker-icon").count() == 3
    page.wait_for_load_state("networkidle")
    hosts = {urlsplit(url).netloc for url in seen["foreign"]}
    assert hosts == {"tiles.example.test"}
    assert seen["csp"] == []


def test_near_me_asks_the_browser_only_on_click(live_server, open_context, settings, town):
    settings.MAP_TILES_URL = ""
    context = open_context(
        geolocation={"latitude": float(CENTRE[0]), "longitude": float(CENTRE[1])},
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/programs/?direction=tech")
    assert "near=" not in page.url
    page.click("#near-me")
    page.wait_for_url("**near=**")
    query = parse_qs(urlsplit(page.url).query)
    assert query["sort"] == ["distance"] and query["direction"] == ["tech"]
    assert page.locator(".program-distance").first.inner_text() in ("10 м", "0 м")


def test_a_parent_finds_robotics_on_tuesday_or_thursday_after_three_within_3_km(
    live_server, open_context, settings, town
):
    settings.MAP_TILES_URL = ""
    page = open_context(viewport=PHONE, is_mobile=True).new_page()
    page.goto(near_url(live_server, direction="tech", day="2&day=4", after="15:00", km="3"))
    titles = page.locator(".program-card h3").all_inner_texts()
    assert titles == ["Робототехника"]
    card = page.locator(".program-card").first
    assert "Вт 16:00–17:30" in card.inner_text()
    page.locator("summary.filters-toggle").click()
    assert page.locator("#filter-after").input_value() == "15:00"
    assert page.locator("#filter-km").input_value() == "3"


@pytest.fixture
def admin_page(page, live_server, django_user_model):
    django_user_model.objects.create_superuser("root", password="Root-pass-2026")
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "Root-pass-2026")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    return page


def test_the_admin_point_picker_fills_latitude_and_longitude(live_server, admin_page, settings):
    settings.MAP_TILES_URL = TILES
    organization = make_organization(short_name="ДДТ")
    page = admin_page
    page.route(
        "https://tiles.example.test/**",
        lambda route: route.fulfill(status=200, content_type="image/png", body=PIXEL),
    )
    seen = watch(page, live_server)
    page.goto(f"{live_server.url}/admin/programs/organization/{organization.pk}/change/")
    page.locator(".point-picker-map").click(position={"x": 120, "y": 100})
    assert page.locator("#id_latitude").input_value() != ""
    assert page.locator("#id_longitude").input_value() != ""
    page.click("input[name=_save]")
    organization.refresh_from_db()
    assert organization.latitude is not None and organization.longitude is not None
    assert seen["csp"] == []

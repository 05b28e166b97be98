"""The catalogue's schedule filter (day, after, before), place filters (settlement, near, km,
sort=distance), the compact schedule and the distance on cards, and the maps' data."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from moc_portal.core.geo import km_ru, parse_point
from moc_portal.core.search_text import index_text
from programs.models import Direction, Level, Organization, Place, Program, ScheduleSlot
from programs.schedule_text import compact_schedule
from programs.search_vocabulary import rebuild_search_vocabulary
from tests.factories import make_organization, make_program, make_settlement

pytestmark = pytest.mark.django_db
CATALOGUE = reverse("programs:list")
# Красный Холм's centre and points around it (about 1 km per 0.009° of latitude).
CENTRE = (Decimal("58.0600"), Decimal("37.1100"))


def titles(response):
    return [program.title for program in response.context["result"].page.object_list]


def facet(response, name):
    group = next(g for g in response.context["result"].facets if g.name == name)
    return {value.code: value.count for value in group.values}


def slot(program, weekday, start, end):
    ScheduleSlot.objects.create(
        program=program,
        weekday=weekday,
        starts_at=datetime.time.fromisoformat(start),
        ends_at=datetime.time.fromisoformat(end),
    )


@pytest.fixture
def week():
    """Robotics Tue/Thu 15:30–17:00, Chess Mon 14:00–15:00, Dance Thu 18:00–19:30, Drawing none."""
    robotics = make_program(title="Робототехника")
    slot(robotics, 2, "15:30", "17:00")
    slot(robotics, 4, "15:30", "17:00")
    chess = make_program(title="Шахматы", direction="sport")
    slot(chess, 1, "14:00", "15:00")
    dance = make_program(title="Танцы", direction="art")
    slot(dance, 4, "18:00", "19:30")
    make_program(title="Рисование", direction="art")
    return robotics, chess, dance


def test_day_filter_keeps_programs_meeting_on_one_of_the_days(client, week):
    assert titles(client.get(CATALOGUE, {"day": ["2", "4"]})) == ["Робототехника", "Танцы"]
    assert titles(client.get(CATALOGUE, {"day": "1"})) == ["Шахматы"]


def test_after_and_before_apply_to_one_session_on_the_chosen_days(client, week):
    assert titles(client.get(CATALOGUE, {"after": "15:00"})) == ["Робототехника", "Танцы"]
    assert titles(client.get(CATALOGUE, {"before": "18:00"})) == ["Робототехника", "Шахматы"]
    params = {"day": ["2", "4"], "after": "15:00", "before": "18:00"}
    assert titles(client.get(CATALOGUE, params)) == ["Робототехника"]
    # Monday's chess starts before 15:00: no session of it fits.
    assert titles(client.get(CATALOGUE, {"day": "1", "after": "15:00"})) == []


def test_day_facet_counts_honour_the_hours_and_other_filters_but_not_the_days(client, week):
    response = client.get(CATALOGUE, {"day": "2", "after": "15:00"})
    counts = facet(response, "day")
    assert counts["2"] == 1 and counts["4"] == 2 and counts["1"] == 0
    counts = facet(client.get(CATALOGUE, {"direction": "art"}), "day")
    assert counts["4"] == 1 and counts["2"] == 0


def test_day_combines_with_direction_and_the_direction_facet_honours_the_day(client, week):
    response = client.get(CATALOGUE, {"day": "4", "direction": "tech"})
    assert titles(response) == ["Робототехника"]
    assert facet(response, "direction")["art"] == 1


def test_the_card_shows_the_schedule_compactly(client, week):
    html = client.get(CATALOGUE).content.decode()
    assert "Вт, Чт 15:30–17:00" in html
    assert "Пн 14:00–15:00" in html


def test_compact_schedule_groups_days_with_the_same_hours():
    t = datetime.time
    slots = [(4, t(15, 30), t(17)), (2, t(15, 30), t(17)), (6, t(10), t(11, 30))]
    assert compact_schedule(slots) == "Вт, Чт 15:30–17:00; Сб 10:00–11:30"
    assert compact_schedule([]) == ""


# --- settlements ---------------------------------------------------------------------------


@pytest.fixture
def two_towns():
    town = make_settlement("Красный Холм", "krasnyy-holm")
    village = make_settlement("Хабоцкое", "habotskoe")
    town_org = make_organization(short_name="ДДТ", settlement=town)
    village_org = make_organization(short_name="Школа", settlement=village)
    in_town = make_program(title="В городе", organization=town_org)
    in_village = make_program(title="В селе", organization=village_org)
    # The town's ДДТ also teaches in the village's school building.
    branch = make_program(title="Филиал", organization=town_org)
    branch.places.add(
        Place.objects.create(
            organization=town_org, address="Хабоцкое, ул. Школьная, 1", settlement=village
        )
    )
    return in_town, in_village, branch


def test_settlement_filter_uses_places_then_the_organization(client, two_towns):
    assert titles(client.get(CATALOGUE, {"settlement": "habotskoe"})) == ["В селе", "Филиал"]
    assert titles(client.get(CATALOGUE, {"settlement": "krasnyy-holm"})) == ["В городе"]


def test_settlement_facet_counts(client, two_towns):
    response = client.get(CATALOGUE, {"settlement": "habotskoe"})
    assert facet(response, "settlement") == {"habotskoe": 2, "krasnyy-holm": 1}
    counts = facet(client.get(CATALOGUE, {"q": "филиал"}), "settlement")
    assert counts == {"habotskoe": 1}


def test_settlement_from_free_text_gets_a_slug(client):
    organization = make_organization(settlement="Большое Иванково")
    assert organization.settlement.slug == "bolshoe-ivankovo"


# --- near, km, distance ----------------------------------------------------------------------


def north_of_centre(km):
    return CENTRE[0] + Decimal(km) / Decimal("111.2"), CENTRE[1]


@pytest.fixture
def around():
    """Programs 0.5, 2, 4 and 8 km north of the centre, one without coordinates."""
    programs = {}
    for km in ("4", "0.5", "8", "2"):
        lat, lon = north_of_centre(km)
        organization = make_organization(
            short_name=f"Орг {km}", latitude=lat.quantize(Decimal("0.000001")), longitude=lon
        )
        programs[km] = make_program(title=f"Кружок {km} км", organization=organization)
    far_org = make_organization(short_name="Далеко")
    lat, lon = north_of_centre("1")
    place = Place.objects.create(
        organization=far_org,
        address="Корпус",
        latitude=lat.quantize(Decimal("0.000001")),
        longitude=lon,
    )
    branch = make_program(title="В корпусе 1 км", organization=far_org)
    branch.places.add(place)
    make_program(title="Без координат")
    return programs


def near(**params):
    return {"near": f"{CENTRE[0]},{CENTRE[1]}", **params}


def test_sort_by_distance_puts_the_nearest_first_and_unknown_last(client, around):
    response = client.get(CATALOGUE, near(sort="distance"))
    assert titles(response) == [
        "Кружок 0.5 км",
        "В корпусе 1 км",
        "Кружок 2 км",
        "Кружок 4 км",
        "Кружок 8 км",
        "Без координат",
    ]
    html = response.content.decode()
    assert "500 м" in html and "2 км" in html


def test_radius_keeps_programs_within_it_and_counts_agree(client, around):
    response = client.get(CATALOGUE, near(km="3", sort="distance"))
    assert titles(response) == ["Кружок 0.5 км", "В корпусе 1 км", "Кружок 2 км"]
    assert response.context["result"].total == 3
    assert sum(facet(response, "direction").values()) == 3


def test_radius_without_a_point_filters_nothing(client, around):
    assert client.get(CATALOGUE, {"km": "3"}).context["result"].total == 6


def test_distance_paging_is_stable(client):
    organization = make_organization(latitude=CENTRE[0], longitude=CENTRE[1])
    for n in range(25):  # all at the same distance: the title and id decide
        make_program(title=f"Равно {n:02d}", organization=organization)
    first = titles(client.get(CATALOGUE, near(sort="distance")))
    second = titles(client.get(CATALOGUE, near(sort="distance", page=2)))
    assert len(first) == 20 and len(second) == 5
    assert not set(first) & set(second)
    assert first + second == sorted(first + second)


def test_sort_by_distance_without_a_point_falls_back_to_title(client, around):
    response = client.get(CATALOGUE, {"sort": "distance"})
    assert response.context["result"].sort == "title"


@pytest.mark.parametrize(
    "params",
    [
        {"near": "abc"},
        {"near": "95,200", "sort": "distance"},
        {"near": "nan,nan"},
        {"day": "9"},
        {"day": "-1"},
        {"day": "вт"},
        {"after": "25:99"},
        {"before": "abc"},
        {"km": "-1", "near": "58.06,37.11"},
        {"km": "abc", "near": "58.06,37.11"},
        {"km": "1e400", "near": "58.06,37.11"},
        {"settlement": "<script>"},
        {"near": "58.06,37.11", "sort": "distance", "page": "999"},
    ],
)
def test_hostile_values_never_break_the_page(client, around, params):
    response = client.get(CATALOGUE, params)
    assert response.status_code == 200
    assert response.context["result"].total >= 0


def test_ignored_values_are_named(client):
    response = client.get(CATALOGUE, {"day": "9", "after": "25:99", "near": "abc"})
    ignored = {value for _, value in response.context["result"].ignored}
    assert {"9", "25:99", "abc"} <= ignored


def test_filters_combine_with_the_old_ones(client, week):
    organization = make_organization(
        latitude=CENTRE[0],
        longitude=CENTRE[1],
        settlement=make_settlement("Красный Холм", "krasnyy-holm"),
    )
    robot = make_program(
        title="Робототехника рядом", organization=organization, enrollment_open=True
    )
    slot(robot, 4, "16:00", "17:30")
    params = near(
        day=["2", "4"],
        after="15:00",
        km="3",
        direction="tech",
        open="1",
        settlement="krasnyy-holm",
        age="9",
    )
    assert titles(client.get(CATALOGUE, params)) == ["Робототехника рядом"]


# --- the map's data ---------------------------------------------------------------------------


def test_the_page_carries_its_own_markers_only(client, around, settings):
    settings.MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    response = client.get(CATALOGUE, near(sort="distance"))
    html = response.content.decode()
    points = json.loads(
        re.search(
            r'<script id="map-points" type="application/json">(.*?)</script>', html, re.S
        ).group(1)
    )
    assert [p["title"] for p in points][:2] == ["Кружок 0.5 км", "В корпусе 1 км"]
    assert len(points) == 5  # the program without coordinates has no marker
    assert "leaflet/leaflet.js" in html
    assert csp_sources(response, "img-src") == ["'self'", "data:", "https://tiles.example.org"]


def csp_sources(response, directive):
    """The sources of one CSP directive; the header's directive order is not fixed."""
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        if name == directive:
            return sources
    return []


def test_without_tiles_no_leaflet_and_no_other_host(client, around, settings):
    settings.MAP_TILES_URL = ""
    response = client.get(CATALOGUE, near(sort="distance"))
    html = response.content.decode()
    assert "leaflet/leaflet.js" not in html
    assert '<details class="map-places" open>' in html  # the list stands in for the map
    assert "500 м" in html
    assert csp_sources(response, "img-src") == ["'self'", "data:"]
    assert "openstreetmap" not in response.headers["Content-Security-Policy"]


def test_organization_list_has_a_map_of_its_page(client, settings):
    settings.MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    make_organization(short_name="На карте", latitude=CENTRE[0], longitude=CENTRE[1])
    make_organization(short_name="Без точки")
    html = client.get(reverse("programs:organization_list")).content.decode()
    assert 'id="map-points"' in html and "На карте" in html


# --- query budgets with the new filters --------------------------------------------------------


@pytest.mark.parametrize("count", [10, 1000])
def test_catalogue_budget_with_schedule_and_place_filters(
    client, django_assert_max_num_queries, page_cache, count
):
    town = make_settlement("Красный Холм", "krasnyy-holm")
    organizations = Organization.objects.bulk_create(
        Organization(
            slug=f"geo-{n}",
            full_name=f"Организация {n}",
            short_name=f"Орг {n}",
            kind="school",
            settlement=town,
            latitude=CENTRE[0] + Decimal(n) / 1000,
            longitude=CENTRE[1],
        )
        for n in range(10)
    )
    # Half the organizations teach in a building of their own in the town too.
    places = Place.objects.bulk_create(
        Place(
            organization=organizations[n],
            address=f"Корпус {n}",
            settlement=town,
            latitude=CENTRE[0] - Decimal(n) / 1000,
            longitude=CENTRE[1],
        )
        for n in range(0, 10, 2)
    )
    directions = list(Direction.objects.all())
    level = Level.objects.first()
    programs = Program.objects.bulk_create(
        Program(
            slug=f"geo-{n}",
            title=f"Кружок {n}",
            search_text=index_text(f"Кружок {n}", f"Орг {n % 10}"),
            organization=organizations[n % 10],
            direction=directions[n % 6],
            age_min=5,
            age_max=15,
            status=Program.Status.PUBLISHED,
            accepts_certificate=True,
            certificate_cost=Decimal(3000),
            normative_cost=Decimal(4000) if n % 2 else Decimal(2000),
        )
        for n in range(count)
    )
    Program.levels.through.objects.bulk_create(
        Program.levels.through(program_id=p.id, level_id=level.id) for p in programs
    )
    Program.places.through.objects.bulk_create(
        Program.places.through(program_id=p.id, place_id=places[n % 10 // 2].id)
        for n, p in enumerate(programs)
        if n % 10 % 2 == 0
    )
    ScheduleSlot.objects.bulk_create(
        ScheduleSlot(
            program=p,
            weekday=1 + n % 7,
            starts_at=datetime.time(15 + n % 3),
            ends_at=datetime.time(17 + n % 3),
        )
        for n, p in enumerate(programs)
    )
    rebuild_search_vocabulary()  # bulk inserts skip save_program, which keeps it
    params = near(
        q="кружок",
        direction=["tech", "science", "art"],
        age="9",
        certificate="1",
        day=["2", "4"],
        after="15:00",
        before="19:00",
        km="5",
        settlement="krasnyy-holm",
        sort="distance",
    )
    cache.clear()  # cold, as after a deploy: no page, facet counts, closed lists nor settings
    with django_assert_max_num_queries(6):
        response = client.get(CATALOGUE, params)
    assert response.status_code == 200
    assert response.context["result"].total > 0 and titles(response)
    with django_assert_max_num_queries(2):  # another page: counts and lists from the cache
        response = client.get(CATALOGUE, {**params, "page": 2})
    assert titles(response)
    del params["q"]  # without a search, cold: the search vocabulary is not read
    cache.clear()
    with django_assert_max_num_queries(6):
        response = client.get(CATALOGUE, params)
    assert titles(response)


def test_geo_helpers():
    assert parse_point("58,06; 37,11") == (Decimal("58.060000"), Decimal("37.110000"))
    with pytest.raises(ValueError):
        parse_point("200,1")
    assert km_ru(1.23) == "1,2 км" and km_ru(0.35) == "350 м"

"""The shortlist: `/shortlist/?p=…` and its JSON, whatever the link holds; four compared."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import Place, Program
from programs.shortlist import MAX_COMPARED, MAX_SHORTLIST, parse_slugs
from tests.factories import make_organization, make_program
from tests.pages import rubles, texts
from tests.programs.test_catalogue import bulk_programs

pytestmark = pytest.mark.django_db

PAGE = reverse("programs:shortlist")
DATA = reverse("programs:shortlist_data")


def test_parse_slugs_keeps_valid_slugs_once_in_order():
    assert parse_slugs(" b, a,,b,<script>,a b ,c") == ["b", "a", "c"]
    assert parse_slugs("") == [] and parse_slugs(None) == []
    assert len(parse_slugs(",".join(f"s{n}" for n in range(100)))) == MAX_SHORTLIST


@pytest.mark.parametrize(
    "value",
    ["", ",,,", "нет-такой", "../../etc/passwd", "<b>x</b>", "a" * 5000, "%00", "'; drop table"],
)
def test_hostile_values_never_fail(client, value):
    assert client.get(PAGE, {"p": value}).status_code == 200
    response = client.get(DATA, {"p": value})
    assert response.status_code == 200 and response.json()["programs"] == []


def test_the_json_lists_known_programs_in_order_and_names_the_unknown(client):
    first, second = make_program(title="Шахматы"), make_program(title="Робототехника")
    hidden = make_program(title="Черновик", status=Program.Status.DRAFT)
    data = client.get(DATA, {"p": f"{second.slug},nope,{first.slug},{hidden.slug}"}).json()
    assert [item["slug"] for item in data["programs"]] == [second.slug, first.slug]
    assert data["unknown"] == ["nope", hidden.slug]
    assert data["programs"][0]["enrolment"]["state"] == "open"


def test_at_most_four_are_compared_and_the_share_link_carries_the_list(client):
    today = timezone.localdate()
    programs = [
        make_program(
            title=f"Кружок {n}",
            enrollment_from=today + datetime.timedelta(days=n),
            places_total=10,
            places_available=n,
            accepts_certificate=True,
            certificate_cost=Decimal(5000),
            normative_cost=Decimal(4000),
        )
        for n in range(6)
    ]
    query = ",".join(program.slug for program in programs)
    response = client.get(PAGE, {"p": query})
    assert response.status_code == 200
    assert len(response.context["compared"]) == MAX_COMPARED
    assert len(response.context["programs"]) == 6
    page = response.content.decode()
    assert f"?p={query}" in page
    assert page.count('class="compare-program"') == MAX_COMPARED
    assert "table-responsive" in page
    # The cost, what the certificate covers (the normative cost) and what is left to pay.
    expected = ["5\xa0000", "4\xa0000", "1\xa0000"]
    cells = texts(page, ".compare-certificate")
    assert [rubles(cell) for cell in cells] == [expected] * MAX_COMPARED


@pytest.mark.parametrize("count", [10, 1000])
def test_shortlist_queries_do_not_grow_with_programs_or_slugs(
    client, django_assert_max_num_queries, count
):
    programs = bulk_programs(count)
    slugs = ",".join(program.slug for program in programs[:100])
    client.get(PAGE)  # the site settings' cache
    with django_assert_max_num_queries(4):  # programs, levels, schedules (+ settings)
        assert client.get(PAGE, {"p": slugs}).status_code == 200
    with django_assert_max_num_queries(3):
        assert len(client.get(DATA, {"p": slugs}).json()["programs"]) == min(count, MAX_SHORTLIST)


def test_cards_and_pages_carry_a_static_button_and_set_no_cookie(client):
    program = make_program()
    anonymous = client.get(reverse("programs:list")).content.decode()
    assert f'data-shortlist="{program.slug}"' in anonymous
    assert (
        f'data-shortlist="{program.slug}"'
        in client.get(program.get_absolute_url()).content.decode()
    )
    assert "js/shortlist.js" in anonymous
    response = client.get(PAGE, {"p": program.slug})
    assert not response.cookies  # the server keeps nothing of a shortlist


# --- the place and the distance ---------------------------------------------------------------

# Красный Холм's centre; 1° of latitude is about 111.2 km.
CENTRE = (Decimal("58.060000"), Decimal("37.110000"))
NEAR = f"{CENTRE[0]},{CENTRE[1]}"


def north_of_centre(km):
    return (CENTRE[0] + Decimal(km) / Decimal("111.2")).quantize(Decimal("0.000001")), CENTRE[1]


@pytest.fixture
def three_places():
    """A program in two buildings (one 1.2 km north of the centre), one at its organization's
    address (3 km north), one at an address nobody has put on the map."""
    branch_org = make_organization(short_name="ДДТ")
    latitude, longitude = north_of_centre("1.2")
    corpus = Place.objects.create(
        organization=branch_org,
        name="Корпус на ул. Мира",
        address="ул. Мира, 5",
        latitude=latitude,
        longitude=longitude,
    )
    hall = Place.objects.create(organization=branch_org, address="ул. Ленина, 1")
    in_branches = make_program(title="В корпусах", organization=branch_org)
    in_branches.places.add(corpus, hall)
    latitude, longitude = north_of_centre("3")
    at_home = make_program(
        title="В организации",
        organization=make_organization(
            address="ул. Советская, 10", latitude=latitude, longitude=longitude
        ),
    )
    unknown = make_program(
        title="Без координат", organization=make_organization(address="пл. Победы, 2")
    )
    return [in_branches, at_home, unknown]


def slugs_of(programs):
    return ",".join(program.slug for program in programs)


def test_the_place_row_lists_the_places_or_the_organizations_address(client, three_places):
    page = client.get(PAGE, {"p": slugs_of(three_places)}).content.decode()
    assert "Место</th>" in page and "Место и расстояние" not in page
    lines = texts(page, ".compare-place-line")
    assert lines == [
        "Корпус на ул. Мира, ул. Мира, 5",
        "ул. Ленина, 1",
        # No places: the organization's address with its settlement (the factory's).
        "ул. Советская, 10 (Красный Холм)",
        "пл. Победы, 2 (Красный Холм)",
    ]
    assert len(texts(page, ".compare-place")) == 3
    assert texts(page, ".compare-distance") == []
    assert "#near-me" not in page and 'id="near-me"' in page and "js/near_me.js" in page


def test_a_point_adds_the_distance_to_the_nearest_place_and_stays_out_of_links(
    client, three_places
):
    response = client.get(PAGE, {"p": slugs_of(three_places), "near": NEAR})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Место и расстояние" in page
    assert texts(page, ".compare-distance") == ["1,2 км", "3 км", "расстояние неизвестно"]
    # The family's point stays out of the link to share (its address and its text) and out
    # of «Убрать точку».
    slugs = slugs_of(three_places)
    assert f'href="{PAGE}?p={slugs}" data-share-link>' in page
    assert [link.endswith(f"{PAGE}?p={slugs}") for link in texts(page, "[data-share-link]")] == [
        True
    ]
    assert f'href="{PAGE}?p={slugs}">Убрать точку</a>' in page
    assert "no-store" in response["Cache-Control"]  # nor kept by a cache on the way


def test_a_point_the_shortlist_reads_in_another_spelling(client, three_places):
    page = client.get(PAGE, {"p": three_places[1].slug, "near": "58,06; 37,11"}).content.decode()
    assert texts(page, ".compare-distance") == ["3 км"]


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "91,0",
        "0,181",
        "-90.5 37.11",
        "58,06;",
        "",
        " ",
        "1e999,1",
        "nan,nan",
        "inf,1",
        "58.06",
        "58.06,37.11,1",
        "58.06,,37.11",
        pytest.param("58.06," + "1" * 5000, id="long-number"),
        "58.06,37.11\x00",
        "<script>,1",
    ],
)
def test_a_mistyped_point_is_ignored(client, three_places, value):
    slugs = slugs_of(three_places)
    response = client.get(PAGE, {"p": slugs, "near": value})
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["near"] is None
    assert texts(page, ".compare-distance") == [] and "Место и расстояние" not in page
    assert "Убрать точку" not in page
    assert len(texts(page, ".compare-place")) == 3
    assert f"?p={slugs}" in page and "near=" not in page


def test_no_point_and_no_programs_still_answers(client):
    assert client.get(PAGE, {"near": NEAR}).status_code == 200
    assert client.get(PAGE, {"near": "58." + "1" * 5000 + ",37.11"}).status_code == 200
    assert client.get(PAGE, {"p": "nope", "near": NEAR}).status_code == 200


@pytest.mark.parametrize("near", [None, NEAR])
def test_places_and_distance_cost_no_query(client, django_assert_max_num_queries, near):
    organization = make_organization()
    places = [
        Place.objects.create(
            organization=organization,
            address=f"ул. Мира, {n}",
            latitude=north_of_centre(n)[0],
            longitude=CENTRE[1],
        )
        for n in range(1, 4)
    ]
    programs = []
    for n in range(10):
        program = make_program(organization=organization)
        program.places.set(places[: n % 4])
        programs.append(program)
    params = {"p": slugs_of(programs)} | ({"near": near} if near else {})
    client.get(PAGE)  # the site settings' cache
    with django_assert_max_num_queries(4):  # programs, levels, schedules (+ settings)
        response = client.get(PAGE, params)
    assert len(texts(response.content.decode(), ".compare-place")) == MAX_COMPARED

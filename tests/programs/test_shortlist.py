"""The shortlist: `/shortlist/?p=…` and its JSON, whatever the link holds; four compared."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import Program
from programs.shortlist import MAX_COMPARED, MAX_SHORTLIST, parse_slugs
from tests.factories import make_program
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

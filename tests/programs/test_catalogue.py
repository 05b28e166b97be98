import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from moc_portal.core.search_text import index_text
from programs.models import Direction, Level, Organization, Program
from programs.search_vocabulary import rebuild_search_vocabulary
from programs.services import save_organization
from tests.factories import make_organization, make_program

pytestmark = pytest.mark.django_db
CATALOGUE = reverse("programs:list")


def titles(response):
    return [program.title for program in response.context["result"].page.object_list]


def found(response):
    return response.context["result"].total


def facet(response, name):
    group = next(g for g in response.context["result"].facets if g.name == name)
    return {value.code: value.count for value in group.values}


# --- each filter -----------------------------------------------------------------------------


def test_only_published_programs_of_active_organizations_are_listed(client):
    make_program(title="Опубликована")
    make_program(title="Черновик", status=Program.Status.DRAFT)
    make_program(title="Архив", status=Program.Status.ARCHIVED)
    make_program(title="У закрытой организации", organization=make_organization(is_active=False))
    response = client.get(CATALOGUE)
    assert titles(response) == ["Опубликована"]
    assert found(response) == 1


def test_direction_filter_accepts_several_codes(client):
    make_program(title="Роботы", direction="tech")
    make_program(title="Хор", direction="art")
    make_program(title="Футбол", direction="sport")
    response = client.get(CATALOGUE, {"direction": ["tech", "art"]})
    assert sorted(titles(response)) == ["Роботы", "Хор"]


def test_level_filter_counts_a_program_with_two_matching_levels_once(client):
    make_program(title="Два уровня", levels=("start", "base"))
    make_program(title="Продвинутый", levels=("advanced",))
    response = client.get(CATALOGUE, {"level": ["start", "base"]})
    assert titles(response) == ["Два уровня"]
    assert found(response) == 1


def test_age_filter_keeps_programs_whose_range_contains_the_age(client):
    make_program(title="Малыши", age_min=5, age_max=7)
    make_program(title="Школьники", age_min=7, age_max=12)
    make_program(title="Старшие", age_min=13, age_max=18)
    assert sorted(titles(client.get(CATALOGUE, {"age": 7}))) == ["Малыши", "Школьники"]
    assert titles(client.get(CATALOGUE, {"age": 18})) == ["Старшие"]


def test_payment_filter_matches_any_selected_option(client):
    make_program(title="Бюджет", is_free=True)
    make_program(title="Сертификат", is_free=False, accepts_certificate=True)
    make_program(title="Платно", is_free=False, is_paid=True, price_per_month=1500)
    assert titles(client.get(CATALOGUE, {"payment": "certificate"})) == ["Сертификат"]
    both = client.get(CATALOGUE, {"payment": ["certificate", "paid"]})
    assert sorted(titles(both)) == ["Платно", "Сертификат"]


def test_format_filter_matches_the_study_form(client):
    make_program(title="Очно", study_form="inperson")
    make_program(title="Дистанционно", study_form="distance")
    make_program(title="Смешанно", study_form="mixed")
    assert titles(client.get(CATALOGUE, {"format": "distance"})) == ["Дистанционно"]
    assert titles(client.get(CATALOGUE, {"format": "mixed"})) == ["Смешанно"]


@pytest.mark.parametrize(
    ("param", "matching", "other"),
    [
        ("ovz", {"is_ovz_adapted": True}, {}),
        ("network", {"is_network": True}, {}),
        ("open", {"enrollment_open": True}, {"enrollment_open": False}),
    ],
)
def test_flag_filters(client, param, matching, other):
    make_program(title="Подходит", **matching)
    make_program(title="Не подходит", **other)
    assert titles(client.get(CATALOGUE, {param: "1"})) == ["Подходит"]
    assert len(titles(client.get(CATALOGUE, {param: "0"}))) == 2


def test_rural_filter_uses_the_organizations_locality(client):
    village = make_organization(locality=Organization.Locality.RURAL)
    make_program(title="В селе", organization=village)
    make_program(title="В городе")
    assert titles(client.get(CATALOGUE, {"rural": "1"})) == ["В селе"]


def test_organization_filter_by_slug(client):
    house = make_organization(slug="ddt")
    make_program(title="ДДТ", organization=house)
    make_program(title="Другая")
    assert titles(client.get(CATALOGUE, {"organization": "ddt"})) == ["ДДТ"]


def test_filters_combine(client):
    village = make_organization(locality=Organization.Locality.RURAL)
    make_program(
        title="Цель",
        direction="art",
        age_min=6,
        age_max=10,
        organization=village,
        is_ovz_adapted=True,
        levels=("base",),
    )
    make_program(
        title="Не та направленность",
        direction="tech",
        age_min=6,
        age_max=10,
        organization=village,
        is_ovz_adapted=True,
        levels=("base",),
    )
    make_program(
        title="Не тот возраст",
        direction="art",
        age_min=12,
        age_max=16,
        organization=village,
        is_ovz_adapted=True,
        levels=("base",),
    )
    make_program(
        title="Не ОВЗ",
        direction="art",
        age_min=6,
        age_max=10,
        organization=village,
        levels=("base",),
    )
    make_program(
        title="Город", direction="art", age_min=6, age_max=10, is_ovz_adapted=True, levels=("base",)
    )
    response = client.get(
        CATALOGUE, {"direction": "art", "age": 8, "ovz": 1, "rural": 1, "level": "base"}
    )
    assert titles(response) == ["Цель"]


# --- facets and totals -----------------------------------------------------------------------


def test_facet_counts_apply_the_other_filters_but_not_their_own(client):
    make_program(direction="tech", levels=("start",), age_min=7, age_max=10)
    make_program(
        direction="tech",
        levels=("base",),
        age_min=7,
        age_max=10,
        is_free=False,
        accepts_certificate=True,
    )
    make_program(direction="art", levels=("start", "base"), age_min=7, age_max=10)
    make_program(direction="art", levels=("start",), age_min=14, age_max=17)

    response = client.get(CATALOGUE, {"direction": "tech", "age": 8})
    # Direction counts ignore the direction filter but honour the age.
    assert facet(response, "direction") == {
        "tech": 2,
        "science": 0,
        "art": 1,
        "sport": 0,
        "tourism": 0,
        "social": 0,
    }
    # Level and payment counts honour both direction and age.
    assert facet(response, "level") == {"start": 1, "base": 1, "advanced": 0}
    assert facet(response, "payment") == {"free": 1, "certificate": 1, "paid": 0}
    assert found(response) == 2


def test_payment_facet_ignores_the_payment_filter_and_total_honours_it(client):
    make_program(is_free=True)
    make_program(is_free=False, accepts_certificate=True)
    make_program(is_free=True, accepts_certificate=True)
    response = client.get(CATALOGUE, {"payment": "certificate"})
    assert facet(response, "payment") == {"free": 2, "certificate": 2, "paid": 0}
    assert facet(response, "direction")["tech"] == 2
    assert found(response) == 2


def test_facet_counts_are_shown_beside_each_value(client):
    make_program(direction="art")
    html = client.get(CATALOGUE).content.decode()
    assert re.search(r"Художественная\s*<span class=\"facet-count\">\(1\)</span>", html)
    assert "Найдено: 1 программа" in html


# --- search ----------------------------------------------------------------------------------


def test_search_ignores_case_and_yo_on_every_backend(client):
    make_program(title="Ансамбль «Ёлочка»")
    make_program(title="Шахматы")
    for query in ["ёлочка", "ЕЛОЧКА", "Елочка", "ЁЛОЧК"]:
        assert titles(client.get(CATALOGUE, {"q": query})) == ["Ансамбль «Ёлочка»"], query


def test_search_looks_into_annotation_and_organization_name(client):
    make_program(title="Студия", annotation="Учимся лепить из глины")
    make_program(title="Кружок", organization=make_organization(short_name="Дом творчества"))
    assert titles(client.get(CATALOGUE, {"q": "глины"})) == ["Студия"]
    assert titles(client.get(CATALOGUE, {"q": "дом творчества"})) == ["Кружок"]


def test_search_text_follows_a_renamed_organization(client):
    organization = make_organization(short_name="Старое имя")
    make_program(title="Кружок", organization=organization)
    organization.short_name = "Радуга"
    save_organization(organization)
    assert titles(client.get(CATALOGUE, {"q": "радуга"})) == ["Кружок"]


def test_search_combines_with_filters(client):
    make_program(title="Робототехника", direction="tech", age_min=7, age_max=10)
    make_program(title="Робототехника для старших", direction="tech", age_min=12, age_max=17)
    assert titles(client.get(CATALOGUE, {"q": "робототехника", "age": 13})) == [
        "Робототехника для старших"
    ]


@pytest.mark.postgres
def test_postgres_search_finds_word_forms(client):
    make_program(title="Робототехника", annotation="Конструирование роботов из деталей")
    make_program(title="Танцы")
    assert titles(client.get(CATALOGUE, {"q": "робот"})) == ["Робототехника"]
    assert titles(client.get(CATALOGUE, {"q": "конструированию"})) == ["Робототехника"]


@pytest.mark.postgres
def test_postgres_search_tolerates_a_typo(client):
    make_program(title="Робототехника")
    make_program(title="Танцы")
    assert titles(client.get(CATALOGUE, {"q": "робатотехника"})) == ["Робототехника"]


@pytest.mark.postgres
def test_postgres_search_ranks_title_matches_first(client):
    make_program(title="Шахматы", annotation="Игра, в которой есть и робот")
    make_program(title="Робототехника", annotation="Робот своими руками, робот на уроке")
    assert titles(client.get(CATALOGUE, {"q": "робототехника робот"}))[0] == "Робототехника"


# --- sorting and pagination ------------------------------------------------------------------


def test_sort_by_age_and_title(client):
    make_program(title="Б", age_min=10, age_max=12)
    make_program(title="А", age_min=5, age_max=7)
    assert titles(client.get(CATALOGUE, {"sort": "age"})) == ["А", "Б"]
    assert titles(client.get(CATALOGUE, {"sort": "title"})) == ["А", "Б"]


def test_pagination_shows_20_and_keeps_the_filters(client):
    for n in range(45):
        make_program(title=f"Программа {n:02}", direction="art")
    make_program(title="Техника", direction="tech")
    response = client.get(CATALOGUE, {"direction": "art", "page": 2})
    assert titles(response) == [f"Программа {n:02}" for n in range(20, 40)]
    assert found(response) == 45
    html = response.content.decode()
    assert 'href="?direction=art&amp;page=3"' in html


@pytest.mark.parametrize("page", ["-1", "0", "abc", "999", ""])
def test_a_bad_page_number_shows_a_real_page(client, page):
    for _ in range(25):
        make_program()
    response = client.get(CATALOGUE, {"page": page})
    assert response.status_code == 200
    # Django's Paginator.get_page: past either end is the last page, anything else the first.
    expected = 2 if page in ("999", "-1", "0") else 1
    assert response.context["result"].page.number == expected


def test_empty_result_says_so_and_offers_a_reset(client):
    make_program(direction="tech")
    response = client.get(CATALOGUE, {"direction": "art"})
    assert response.context["result"].page.paginator.count == 0
    assert list(response.context["result"].page) == []
    assert response.content.decode().count(f'href="{CATALOGUE}"') >= 1  # the reset link


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"direction": "bogus"},
        {"level": "expert"},
        {"age": "abc"},
        {"age": "-3"},
        {"age": "9999999999999999999999"},
        {"payment": "barter"},
        {"format": "telepathy"},
        {"sort": "price; DROP TABLE programs_program"},
        {"ovz": "maybe"},
        {"organization": "no such org!"},
        {"q": "x" * 5000},
        {"q": "'; DROP TABLE programs_program; --"},
        {"q": "\x00"},
        {"q": "& | ! :* <-> ()"},
    ],
)
def test_bad_parameters_are_ignored_and_never_break_the_page(client, params):
    make_program(title="Робототехника")
    response = client.get(CATALOGUE, params)
    assert response.status_code == 200


def test_unknown_codes_are_dropped_but_known_ones_still_apply(client):
    make_program(title="Техника", direction="tech")
    make_program(title="Искусство", direction="art")
    assert titles(client.get(CATALOGUE, {"direction": ["bogus", "art"]})) == ["Искусство"]
    assert len(titles(client.get(CATALOGUE, {"direction": "bogus", "age": "abc"}))) == 2


def test_typed_html_is_shown_escaped(client):
    make_program()
    html = client.get(CATALOGUE, {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- program and organization pages ----------------------------------------------------------


def test_program_page_shows_what_a_parent_needs(client, settings):
    from moc_portal.models import SiteSettings

    site = SiteSettings.load()
    site.navigator_base_url = "https://р69.навигатор.дети"
    site.save()
    program = make_program(
        title="Робототехника",
        goals="Научиться программировать",
        is_paid=True,
        price_per_month=1200,
        navigator_id="12345",
        teachers="Иванова А. А.",
        organization=make_organization(phone="+7 (48237) 2-11-11"),
    )
    program.schedule_slots.create(weekday=2, starts_at="15:00", ends_at="16:30")
    html = client.get(program.get_absolute_url()).content.decode()
    for text in [
        "Научиться программировать",
        "1\xa0200 ₽ в месяц",
        "Иванова А. А.",
        "Вторник",
        "15:00–16:30",
        "+7 (48237) 2-11-11",
        "Записаться в Навигаторе",
        "https://р69.навигатор.дети/program/12345",
        "от 7 до 12 лет",
    ]:
        assert text in html, text
    assert html.count('data-enrol="navigator"') == 2  # under the title on a phone, and aside


def test_program_page_without_navigator_id_has_no_enrol_button(client):
    program = make_program(navigator_id="")
    assert 'data-enrol="navigator"' not in client.get(program.get_absolute_url()).content.decode()


def test_draft_program_page_is_not_found(client):
    program = make_program(status=Program.Status.DRAFT)
    assert client.get(program.get_absolute_url()).status_code == 404


def test_organization_page_lists_its_published_programs(client):
    organization = make_organization(short_name="ДДТ")
    make_program(title="Опубликована", organization=organization)
    make_program(title="Черновик", organization=organization, status=Program.Status.DRAFT)
    response = client.get(organization.get_absolute_url())
    assert [p.title for p in response.context["programs"]] == ["Опубликована"]


def test_inactive_organization_page_is_not_found(client):
    organization = make_organization(is_active=False)
    assert client.get(organization.get_absolute_url()).status_code == 404


def test_organization_list_counts_published_programs(client):
    organization = make_organization(short_name="ДДТ")
    make_program(organization=organization)
    make_program(organization=organization)
    make_program(organization=organization, status=Program.Status.DRAFT)
    html = client.get(reverse("programs:organization_list")).content.decode()
    assert "2 программы" in html


# --- query budgets ---------------------------------------------------------------------------


def bulk_programs(count):
    organizations = Organization.objects.bulk_create(
        Organization(
            slug=f"bulk-{n}",
            full_name=f"Организация {n}",
            short_name=f"Орг {n}",
            kind="school",
            locality="rural" if n % 2 else "urban",
        )
        for n in range(10)
    )
    directions = list(Direction.objects.all())
    levels = list(Level.objects.all())
    # Programs go to organizations and levels in pairs, so the budget tests' filters (rural,
    # "tech" or "art", "base") find some among 10 as among 1,000.
    programs = Program.objects.bulk_create(
        Program(
            slug=f"bulk-{n}",
            title=f"Кружок {n}",
            search_text=index_text(f"Кружок {n}", f"Орг {n // 2 % 10}"),
            organization=organizations[n // 2 % 10],
            direction=directions[n % 6],
            age_min=5 + n % 5,
            age_max=12 + n % 5,
            status=Program.Status.PUBLISHED,
            accepts_certificate=bool(n % 3),
        )
        for n in range(count)
    )
    Program.levels.through.objects.bulk_create(
        Program.levels.through(program_id=p.id, level_id=levels[i // 2 % 3].id)
        for i, p in enumerate(programs)
    )
    rebuild_search_vocabulary()  # bulk inserts skip save_program, which keeps it
    return programs


@pytest.mark.parametrize("count", [10, 1000])
def test_catalogue_query_budget_does_not_grow_with_programs(
    client, django_assert_max_num_queries, page_cache, count
):
    bulk_programs(count)
    params = {
        "direction": ["tech", "art"],
        "level": "base",
        "payment": "certificate",
        "age": 9,
        "q": "кружок",
        "rural": 1,
        "page": 2,
    }
    cache.clear()  # cold, as after a deploy: no page, facet counts, closed lists nor settings
    with django_assert_max_num_queries(6):
        response = client.get(CATALOGUE, params)
    assert response.status_code == 200
    assert found(response) > 0 and titles(response)
    with django_assert_max_num_queries(2):  # another page: counts and lists from the cache
        response = client.get(CATALOGUE, {**params, "page": 1})
    assert titles(response)
    with django_assert_max_num_queries(4):  # other filters: counted again
        client.get(CATALOGUE)
    del params["q"]  # without a search, cold: the search vocabulary is not read
    cache.clear()
    with django_assert_max_num_queries(6):
        response = client.get(CATALOGUE, params)
    assert titles(response)


@pytest.mark.parametrize("count", [10, 1000])
def test_program_page_query_budget(client, django_assert_max_num_queries, count):
    programs = bulk_programs(count)
    with django_assert_max_num_queries(5):
        response = client.get(programs[-1].get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("count", [10, 1000])
def test_home_and_organization_pages_query_budget(client, django_assert_max_num_queries, count):
    bulk_programs(count)
    # Directions with counts, site settings; the next events and the latest news (one each).
    with django_assert_max_num_queries(4):
        client.get(reverse("home"))
    with django_assert_max_num_queries(3):
        client.get(reverse("programs:organization_list"))
    with django_assert_max_num_queries(4):
        client.get(reverse("programs:organization_detail", kwargs={"slug": "bulk-3"}))

"""Catalogue search as a parent meets it: word forms, typos, the wrong layout, what the page
says about them, and relevance — the same on SQLite and PostgreSQL (CI runs both)."""

import re

import pytest
from django.urls import reverse

from programs.demo_words import TOPICS, split_words
from programs.models import Program
from tests.factories import make_organization, make_program
from tests.pages import texts

pytestmark = pytest.mark.django_db
CATALOGUE = reverse("programs:list")


def titles(response):
    return [program.title for program in response.context["result"].page.object_list]


def found(response):
    return response.context["result"].total


def search(client, query, **params):
    return client.get(CATALOGUE, {"q": query, **params})


def notices(html):
    """The notices that the query was read otherwise than typed, as HTML."""
    return re.findall(r'<p class="search-notice"[^>]*>(.*?)</p>', html, re.S)


# --- word forms ------------------------------------------------------------------------------


def test_a_word_finds_every_form_that_shares_its_stem(client):
    make_program(title="Танцы народов мира")
    make_program(title="Танцевальная студия «Грация»")
    make_program(title="Шахматы")
    assert sorted(titles(search(client, "танцы"))) == [
        "Танцевальная студия «Грация»",
        "Танцы народов мира",
    ]


def test_an_inflected_query_finds_the_title_in_the_nominative(client):
    make_program(title="Робототехника LEGO")
    make_program(title="Шахматный клуб «Ладья»")
    assert titles(search(client, "робототехнике")) == ["Робототехника LEGO"]
    assert titles(search(client, "шахматного")) == ["Шахматный клуб «Ладья»"]


def test_stop_words_do_not_have_to_be_in_the_program(client):
    make_program(title="Кружок рисования", annotation="Занятия детей 7–10 лет.")
    assert titles(search(client, "кружок для детей")) == ["Кружок рисования"]


def test_search_reads_punctuation_and_yo_as_a_person_does(client):
    make_program(title="Хор «Звёздочки»")
    assert titles(search(client, "звездочки")) == ["Хор «Звёздочки»"]
    assert titles(search(client, "«ЗВЁЗДОЧКИ»")) == ["Хор «Звёздочки»"]


# --- typos -----------------------------------------------------------------------------------

# Words of 5–12 letters from the demo's program titles (programs/demo_words.py).
DEMO_TITLE_WORDS = [
    "шахматы",
    "хореография",
    "керамика",
    "фортепиано",
    "астрономия",
    "плавание",
    "бадминтон",
    "волейбол",
    "гимнастика",
    "журналиста",
]


def make_typo(word, kind, position):
    index = {"start": 0, "middle": len(word) // 2, "end": len(word) - 1}[position]
    if kind == "substitution":
        letter = "ж" if word[index] != "ж" else "ц"
        return word[:index] + letter + word[index + 1 :]
    if kind == "deletion":
        return word[:index] + word[index + 1 :]
    if kind == "insertion":
        return word[: index + 1] + "к" + word[index + 1 :]
    index = min(index, len(word) - 2)  # transposition: the letter and the next one swap
    return word[:index] + word[index + 1] + word[index] + word[index + 2 :]


@pytest.fixture
def demo_titles():
    """Every demo topic as a program: the vocabulary a real catalogue has."""
    organization = make_organization(short_name="ДДТ", full_name="Дом детского творчества")
    programs = {}
    for direction, topics in TOPICS.items():
        for title in split_words(topics):
            programs[title] = make_program(
                title=title, direction=direction, organization=organization
            )
    return programs


@pytest.mark.parametrize("kind", ["substitution", "deletion", "insertion", "transposition"])
def test_each_kind_of_typo_anywhere_in_a_word_still_finds_the_program(client, demo_titles, kind):
    missed = []
    for word in DEMO_TITLE_WORDS:
        assert 5 <= len(word) <= 12
        assert any(word in title.lower() for title in demo_titles)
        for position in ("start", "middle", "end"):
            typo = make_typo(word, kind, position)
            results = [title.lower() for title in titles(search(client, typo))]
            if not any(word in title for title in results):
                missed.append(typo)
    assert missed == []


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("инстрмуенты", "Народные инструменты"),
        ("гитрае", "Игра на гитаре"),
        ("хареография", "Хореография"),
        ("шахмты", "Шахматы"),
        ("робатотехника", "Робототехника LEGO"),
    ],
)
def test_the_typos_parents_make_find_the_program(client, demo_titles, typo, meant):
    assert meant in titles(search(client, typo))


def test_two_typos_in_a_long_word_are_forgiven_and_in_a_short_one_are_not(client, demo_titles):
    assert "Астрономия" in titles(search(client, "астрнмоия"))  # two edits, ten letters
    assert found(search(client, "шхамыт")) == 0  # three edits away from «шахматы»


def test_an_existing_word_is_not_corrected_to_a_more_common_one(client):
    make_program(title="Лото и настольные игры")
    for _ in range(3):
        make_program(title="Лего-конструирование")
    response = search(client, "лото")
    assert titles(response) == ["Лото и настольные игры"]
    assert not response.context["result"].search.changed
    assert texts(response.content.decode(), ".search-notice") == []


# --- wrong keyboard layout -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant", "title"),
    [
        ("ghjuhfvvbhjdfybt", "программирование", "Основы программирования на Python"),
        ("GHJUHFVVBHJDFYBT", "программирование", "Основы программирования на Python"),
        ("hj,jnjntnybrf", "робототехника", "Робототехника LEGO"),  # and a typo in it
    ],
)
def test_a_query_typed_in_the_latin_layout_is_read_in_russian(
    client, demo_titles, typed, meant, title
):
    response = search(client, typed)
    assert title in titles(response)
    plan = response.context["result"].search
    assert plan.layout_converted
    assert plan.searched_text == meant


def test_a_latin_word_the_catalogue_has_is_not_converted(client, demo_titles):
    response = search(client, "lego")
    assert titles(response) == ["Робототехника LEGO"]
    assert not response.context["result"].search.changed


# --- what the page says ----------------------------------------------------------------------


def test_a_corrected_query_says_so_and_links_to_the_query_as_written(client):
    make_program(title="Шахматы")
    html = search(client, "шахмты", age=9).content.decode()
    [notice] = notices(html)
    assert "<strong>шахматы</strong>" in notice  # the query the results are for
    link = re.search(r'href="([^"]*as_written=1[^"]*)">Искать «шахмты» как написано', html)
    assert link
    as_written = client.get(link.group(1).replace("&amp;", "&"))
    assert found(as_written) == 0
    assert as_written.context["result"].filterset.cleaned["age"] == 9  # filters kept
    assert texts(as_written.content.decode(), ".search-notice") == []


def test_a_layout_converted_query_says_so(client):
    make_program(title="Робототехника")
    html = search(client, "hj,jnjnt[ybrf").content.decode()
    [notice] = notices(html)
    assert "<strong>робототехника</strong>" in notice
    assert 'class="search-layout"' in notice
    corrected = search(client, "работотехника").content.decode()
    assert len(notices(corrected)) == 1 and 'class="search-layout"' not in corrected


def test_nothing_found_suggests_the_nearest_words(client):
    make_program(title="Шахматы")
    make_program(title="Шашки")
    # Two letters missing from a word of five: too far to correct, near enough to suggest.
    response = search(client, "шхмты")
    assert found(response) == 0
    html = response.content.decode()
    assert len(texts(html, ".search-suggestions")) == 1
    assert re.search(
        r'href="[^"]*q=%D1%88%D0%B0%D1%85%D0%BC%D0%B0%D1%82%D1%8B[^"]*">шахматы</a>', html
    )


def test_drop_the_filters_is_offered_only_when_filters_are_set(client):
    make_program(title="Шахматы", age_min=7, age_max=12)
    without_filters = search(client, "футбол").content.decode()
    assert f'href="{CATALOGUE}?q=%D1%84%D1%83%D1%82%D0%B1%D0%BE%D0%BB"' not in without_filters
    with_filters = search(client, "шахматы", age=16).content.decode()
    assert f'href="{CATALOGUE}?q=%D1%88%D0%B0%D1%85%D0%BC%D0%B0%D1%82%D1%8B"' in with_filters


@pytest.mark.parametrize(
    ("params", "quiet_line"),
    [
        ({"age": "abc"}, "возраст ребёнка «abc»"),
        ({"age": "100"}, "возраст ребёнка «100»"),
        ({"direction": "bogus"}, "направленность «bogus»"),
        ({"ovz": "maybe"}, "для детей с овз «maybe»"),
    ],
)
def test_a_filter_value_that_cannot_be_applied_is_named_in_one_quiet_line(
    client, params, quiet_line
):
    make_program(title="Шахматы")
    response = client.get(CATALOGUE, params)
    assert response.status_code == 200
    assert found(response) == 1  # still ignored, never an error
    html = response.content.decode()
    assert response.context["result"].ignored
    [line] = texts(html, ".ignored-filters")
    assert quiet_line in line


def test_valid_filters_produce_no_ignored_line(client):
    make_program(title="Шахматы")
    response = client.get(CATALOGUE, {"age": 9, "direction": "tech", "ovz": "0"})
    assert not response.context["result"].ignored
    assert texts(response.content.decode(), ".ignored-filters") == []


# --- relevance and order ---------------------------------------------------------------------


def test_a_title_match_ranks_above_an_annotation_match(client):
    make_program(title="Клуб «Ладья»", annotation="Шахматы для начинающих.")
    make_program(title="Шахматы", annotation="Клуб для всех.")
    assert titles(search(client, "шахматы")) == ["Шахматы", "Клуб «Ладья»"]


def test_the_exact_word_ranks_above_another_form_of_it(client):
    make_program(title="Танцевальный ансамбль")
    make_program(title="Танцы")
    assert titles(search(client, "танцы")) == ["Танцы", "Танцевальный ансамбль"]


def test_a_word_as_typed_weighs_more_than_a_corrected_one(client):
    make_program(title="Шахматы", annotation="Турниры по выходным.")
    make_program(title="Турниры", annotation="Шахматы и шашки.")
    # «турниры» is typed right, «шахмты» is corrected: the title with the typed word wins.
    assert titles(search(client, "шахмты турниры")) == ["Турниры", "Шахматы"]


def test_sorting_by_title_puts_yo_with_ye(client):
    for title in ["Лыжный клуб", "Лёгкая атлетика", "Кружок рисования", "Ёлочная игрушка"]:
        make_program(title=title)
    response = client.get(CATALOGUE, {"sort": "title"})
    assert titles(response) == [
        "Ёлочная игрушка",
        "Кружок рисования",
        "Лёгкая атлетика",
        "Лыжный клуб",
    ]


# --- the program page ------------------------------------------------------------------------


def test_open_program_without_navigator_id_says_how_to_enrol(client):
    organization = make_organization(
        short_name="ДДТ",
        phone="+7 (48237) 2-11-22",
        email="ddt@example.ru",
        address="г. Красный Холм, ул. Мира, 5",
    )
    program = make_program(organization=organization, navigator_id="", enrollment_open=True)
    html = client.get(program.get_absolute_url()).content.decode()
    assert 'data-enrol="navigator"' not in html
    assert len(texts(html, "#enrol")) == 1  # how to enrol directly
    assert 'href="#enrol"' in html  # and the phone's button leads there
    assert 'href="tel:+7(48237)2-11-22"' in html
    assert 'href="mailto:ddt@example.ru"' in html
    assert "г. Красный Холм, ул. Мира, 5" in html


def test_closed_program_without_navigator_id_does_not_invite_to_enrol(client):
    program = make_program(navigator_id="", enrollment_open=False)
    html = client.get(program.get_absolute_url()).content.decode()
    assert texts(html, "#enrol") == [] and 'href="#enrol"' not in html


def test_search_runs_the_same_single_query_shape_on_a_typo_as_on_an_exact_word(
    client, django_assert_max_num_queries
):
    make_program(title="Шахматы")
    search(client, "шахматы")  # warm caches
    with django_assert_max_num_queries(4):
        assert titles(search(client, "шахмты")) == ["Шахматы"]
    with django_assert_max_num_queries(4):
        assert titles(search(client, "ij[vfns")) == ["Шахматы"]  # «шахматы», wrong layout


def test_only_published_programs_count_for_corrections(client):
    make_program(title="Шахматы", status=Program.Status.DRAFT)
    make_program(title="Шашки")
    response = search(client, "шахмты")
    assert found(response) == 0
    assert not response.context["result"].search.changed

"""Related words in the catalogue's search: what a parent means by «рисование» or «танцы»,
kept by methodists in the admin — the same on SQLite and PostgreSQL (CI runs both)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from moc_portal.roles import METHODISTS, ensure_staff_groups
from programs.models import RelatedWords
from tests.factories import make_program

pytestmark = pytest.mark.django_db
CATALOGUE = reverse("programs:list")


def titles(client, query):
    response = client.get(CATALOGUE, {"q": query})
    return sorted(program.title for program in response.context["result"].page.object_list)


@pytest.fixture
def art_and_others():
    make_program(title="Рисунок и живопись", direction="art")
    make_program(title="Изостудия «Палитра»", direction="art")
    make_program(title="Юный изобретатель", direction="tech")
    make_program(title="Хореографическая студия «Грация»", direction="art")
    make_program(title="Шашки", direction="sport")
    make_program(title="Шахматный клуб", direction="sport")


DRAWING = ["Изостудия «Палитра»", "Рисунок и живопись"]


@pytest.mark.parametrize("query", ["рисование", "рисованию", "Рисовании"])
def test_every_form_of_drawing_finds_the_drawing_programs(client, art_and_others, query):
    assert titles(client, query) == DRAWING


def test_dances_find_choreography(client, art_and_others):
    assert titles(client, "танцы") == ["Хореографическая студия «Грация»"]


def test_chess_does_not_find_draughts(client, art_and_others):
    assert titles(client, "шахматы") == ["Шахматный клуб"]


def test_a_short_word_finds_its_related_words_not_any_word_it_starts(client, art_and_others):
    assert "Изостудия «Палитра»" in titles(client, "изо")
    assert "Юный изобретатель" not in titles(client, "изо")


def test_a_short_word_without_related_words_matches_whole_words_only(client):
    make_program(title="Юный изобретатель")
    make_program(title="Клуб «Изо и мы»")
    RelatedWords.objects.filter(word="изо").delete()
    assert titles(client, "изо") == ["Клуб «Изо и мы»"]


def test_a_methodist_adds_related_words_and_the_search_uses_them_at_once(client, art_and_others):
    assert titles(client, "кружево") == []
    entry = RelatedWords(word="Кружево", related="шашки , шахматный")
    entry.full_clean()
    entry.save()
    assert entry.word == "кружево" and entry.related == "шашки, шахматный"
    assert titles(client, "кружево") == ["Шахматный клуб", "Шашки"]
    entry.delete()
    assert titles(client, "кружево") == []


def test_related_words_are_single_words(art_and_others):
    with pytest.raises(ValidationError):
        RelatedWords(word="два слова", related="рисунок").full_clean()
    with pytest.raises(ValidationError):
        RelatedWords(word="рисунок", related="изобразительное искусство").full_clean()


def test_methodists_edit_related_words_in_the_admin(client, django_user_model):
    groups = ensure_staff_groups()
    user = django_user_model.objects.create_user("methodist", is_staff=True)
    user.groups.add(groups[METHODISTS])
    client.force_login(user)
    response = client.post(
        reverse("admin:programs_relatedwords_add"),
        {"word": "Оригами", "related": "бумага, аппликация"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert RelatedWords.objects.filter(word="оригами").exists()
    assert client.get(reverse("admin:programs_relatedwords_changelist")).status_code == 200

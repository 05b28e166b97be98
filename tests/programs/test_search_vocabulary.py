"""The search vocabulary follows the public catalogue, whatever changes it."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from programs.models import Program, SearchWord
from programs.search_vocabulary import (
    count_words,
    load_search_vocabulary,
    rebuild_search_vocabulary,
)
from programs.services import delete_program, save_organization, save_program
from tests.factories import make_organization, make_program

pytestmark = pytest.mark.django_db
CATALOGUE = reverse("programs:list")
PROGRAM_CHANGELIST = reverse("admin:programs_program_changelist")


def vocabulary():
    return dict(SearchWord.objects.values_list("word", "programs"))


def assert_matches_a_rebuild():
    """The table kept in step equals the one recounted from scratch."""
    kept = vocabulary()
    rebuild_search_vocabulary()
    assert kept == vocabulary()


def test_publishing_a_program_adds_its_words(client):
    program = make_program(title="Шахматы", status=Program.Status.DRAFT)
    assert "шахматы" not in vocabulary()
    assert client.get(CATALOGUE, {"q": "шахмты"}).context["result"].total == 0

    program.status = Program.Status.PUBLISHED
    save_program(program)

    assert vocabulary()["шахматы"] == 1
    response = client.get(CATALOGUE, {"q": "шахмты"})  # no stale cache
    assert response.context["result"].total == 1
    assert_matches_a_rebuild()


def test_editing_a_program_replaces_its_words(client):
    program = make_program(title="Шахматы", annotation="Для начинающих")
    program.title = "Шашки"
    program.annotation = "Для опытных"
    save_program(program)

    words = vocabulary()
    assert "шахматы" not in words
    assert "начинающих" not in words
    assert words["шашки"] == 1
    assert words["опытных"] == 1
    assert client.get(CATALOGUE, {"q": "шашкм"}).context["result"].total == 1
    assert_matches_a_rebuild()


def test_archiving_removes_words_only_no_other_program_uses():
    archived = make_program(title="Шахматы для всех")
    make_program(title="Шахматы")
    assert vocabulary()["шахматы"] == 2

    archived.status = Program.Status.ARCHIVED
    save_program(archived)

    words = vocabulary()
    assert words["шахматы"] == 1
    assert "всех" not in words
    assert_matches_a_rebuild()


def test_deleting_a_program_removes_its_words():
    program = make_program(title="Керамика")
    delete_program(program)
    assert "керамика" not in vocabulary()


def test_renaming_an_organization_updates_its_programs_words():
    organization = make_organization(short_name="ДДТ", full_name="Дом детского творчества")
    make_program(organization=organization, title="Керамика")
    make_program(organization=organization, title="Шахматы")

    organization.short_name = "ЦДО"
    organization.full_name = "Центр дополнительного образования"
    save_organization(organization)

    words = vocabulary()
    assert "творчества" not in words
    assert words["дополнительного"] == 2
    assert_matches_a_rebuild()


def test_deactivating_an_organization_hides_its_words_and_reactivating_restores_them():
    organization = make_organization()
    make_program(organization=organization, title="Керамика")

    organization.is_active = False
    save_organization(organization)
    assert "керамика" not in vocabulary()

    organization.is_active = True
    save_organization(organization)
    assert vocabulary()["керамика"] == 1


def test_admin_bulk_archive_and_publish_keep_the_vocabulary(admin_client):
    programs = [make_program(title="Шахматы"), make_program(title="Шахматы и шашки")]
    selected = [program.pk for program in programs]

    admin_client.post(PROGRAM_CHANGELIST, {"action": "archive", "_selected_action": selected})
    assert "шахматы" not in vocabulary()

    admin_client.post(PROGRAM_CHANGELIST, {"action": "publish", "_selected_action": selected})
    assert vocabulary()["шахматы"] == 2
    assert_matches_a_rebuild()


def test_admin_bulk_delete_keeps_the_vocabulary(admin_client):
    program = make_program(title="Керамика")
    admin_client.post(
        PROGRAM_CHANGELIST,
        {"action": "delete_selected", "_selected_action": [program.pk], "post": "yes"},
    )
    assert not Program.objects.exists()
    assert "керамика" not in vocabulary()


def test_rebuild_command_recounts_a_table_changed_behind_its_back(capsys):
    make_program(title="Шахматы")
    Program.objects.update(title="Шашки", search_text=" шашки | ")  # update() skips save()
    call_command("rebuild_search_vocabulary")
    assert vocabulary() == {"шашки": 1}
    assert "Слов в поисковом словаре: 1" in capsys.readouterr().out


def test_vocabulary_leaves_out_stop_words_and_single_letters():
    organization = make_organization(short_name="ДДТ", full_name="Дом творчества")
    make_program(
        title="Кружок для детей и родителей",
        annotation="Занятия в группе № 5",
        organization=organization,
    )
    expected = {"кружок", "детей", "родителей", "занятия", "группе", "ддт", "дом", "творчества"}
    assert set(count_words(Program.objects.all())) == expected
    assert set(vocabulary()) == expected


def test_each_process_reuses_its_vocabulary_until_it_changes():
    make_program(title="Шахматы")
    first = load_search_vocabulary()
    assert load_search_vocabulary() is first
    make_program(title="Шашки")
    second = load_search_vocabulary()
    assert second is not first
    assert second.knows("шашки")


@pytest.mark.parametrize("count", [10, 1000])
def test_typo_search_keeps_the_catalogue_query_budget(client, django_assert_max_num_queries, count):
    organization = make_organization()
    Program.objects.bulk_create(
        Program(
            slug=f"bulk-{n}",
            title=f"Шахматы {n}",
            search_text=f" шахматы {n} | ",
            organization=organization,
            direction_id=1,
            age_min=7,
            age_max=12,
            status=Program.Status.PUBLISHED,
        )
        for n in range(count)
    )
    rebuild_search_vocabulary()
    params = {"q": "шахмты", "direction": "tech", "age": 9, "page": 2}
    with django_assert_max_num_queries(6):  # cold caches: site settings and vocabulary
        response = client.get(CATALOGUE, params)
    assert response.context["result"].search.changed
    with django_assert_max_num_queries(4):  # warm: the vocabulary costs nothing
        client.get(CATALOGUE, {"q": "ij[vfns"})  # «шахматы» typed in the Latin layout

"""What a practice and a material keep in step, on every path that writes them: the revision
key, the search text, the file's size."""

import pytest
from django.urls import reverse

from best_practices import demo
from best_practices.models import Practice, PracticeMaterial, Status
from best_practices.services import workflow
from best_practices.services.saving import (
    create_practices,
    reindex_practices,
    save_material,
    save_practice,
)
from best_practices.services.submissions import resubmit_practice, submit_practice
from programs.models import Direction
from programs.services import save_organization
from programs.services.imports import import_organizations
from tests.factories import make_organization
from tests.pages import opened
from tests.programs.test_import import xlsx
from tests.uploads import PDF, pdf

from .factories import build_practice, make_material, make_methodist, make_practice

pytestmark = pytest.mark.django_db

TEXTS = {
    "title": "Ёлочка «Мастерская»",
    "annotation": "Выездные  ЗАНЯТИЯ",
    "authors": "Иванова А. П.\nПетров И. И.",
}
# TEXTS with the organization «МБУ ДО Ёж», lower-cased, ё → е, spaces single.
EXPECTED = "елочка «мастерская» выездные занятия иванова а. п. петров и. и. мбу до еж"


def new_practice(**fields):
    organization = fields.pop("organization", None) or make_organization(short_name="МБУ ДО Ёж")
    return build_practice(organization=organization, **{**TEXTS, **fields})


def test_a_saved_practice_gets_a_revision_key_and_its_search_text():
    practice = save_practice(new_practice())
    practice.refresh_from_db()
    assert len(practice.edit_token) == 32  # token_urlsafe(24)
    assert practice.search_text == EXPECTED


def test_a_practice_without_a_registry_organization_is_found_by_the_name_the_author_typed():
    practice = save_practice(new_practice(organization_name="Школа № 5"))
    practice.organization = None
    save_practice(practice)
    practice.refresh_from_db()
    assert practice.search_text.endswith("петров и. и. школа № 5")


def test_a_second_save_keeps_the_key_and_follows_the_new_title():
    practice = save_practice(new_practice())
    token = practice.edit_token
    practice.title = "Сетевой кванториум"
    save_practice(practice)
    practice.refresh_from_db()
    assert practice.edit_token == token
    assert practice.search_text.startswith("сетевой кванториум выездные")


def test_saving_some_fields_writes_the_search_text_only_when_its_sources_are_among_them():
    practice = save_practice(new_practice())
    Practice.objects.filter(pk=practice.pk).update(search_text="stale")
    practice.status = Status.SCREENING
    save_practice(practice, update_fields=["status"])
    assert Practice.objects.get(pk=practice.pk).search_text == "stale"
    practice.title = "Новое"
    save_practice(practice, update_fields=["title"])
    assert Practice.objects.get(pk=practice.pk).search_text.startswith("новое выездные")


def test_practices_created_in_bulk_get_distinct_keys_and_their_search_text():
    organization = make_organization(short_name="МБУ ДО Ёж")
    create_practices(new_practice(organization=organization, title=f"Ёлка {n}") for n in (1, 2))
    rows = list(Practice.objects.order_by("pk").values_list("edit_token", "search_text"))
    assert len({token for token, _ in rows}) == 2 and all(token for token, _ in rows)
    assert [text.split(" выездные")[0] for _, text in rows] == ["елка 1", "елка 2"]


def test_a_renamed_organization_renames_its_practices_in_their_search_text():
    practice = make_practice(title="Технопарк")
    organization = practice.organization
    organization.short_name = "ЦДО «Радуга»"
    save_organization(organization)
    practice.refresh_from_db()
    assert practice.search_text.endswith("цдо «радуга»")


def test_an_organization_renamed_by_the_import_renames_its_practices_in_their_search_text():
    renamed = make_practice(title="Технопарк", organization=make_organization(inn="6912345678"))
    other = make_practice(title="Кванториум")
    other_text = other.search_text
    content = xlsx(
        [
            ["Краткое наименование", "Полное наименование", "ИНН"],
            ["ЦДО «Радуга»", "МБУ ДО «Центр дополнительного образования «Радуга»", "6912345678"],
        ]
    )

    result = import_organizations(content)

    assert result.counts["update"] == 1
    renamed.refresh_from_db()
    other.refresh_from_db()
    assert renamed.search_text.endswith("цдо «радуга»")
    assert other.search_text == other_text


def test_a_deleted_organization_leaves_its_practices_search_text():
    practice = make_practice(title="Ёлка", organization_name="Школа № 5")
    practice.organization.delete()
    practice.refresh_from_db()
    assert practice.organization is None
    assert practice.search_text.endswith("педагог дополнительного образования школа № 5")


def test_reindexing_writes_only_the_practices_out_of_date():
    current, stale = make_practice(), make_practice(title="Ёлка")
    Practice.objects.filter(pk=stale.pk).update(search_text="")
    assert reindex_practices(Practice.objects.all()) == 1
    stale.refresh_from_db()
    assert stale.search_text.startswith("елка аннотация практики")
    assert Practice.objects.get(pk=current.pk).search_text == current.search_text


def test_a_material_keeps_its_files_size_and_a_new_file_is_measured_again():
    practice = make_practice()
    material = make_material(practice, file="a.pdf", content=b"%PDF-1.4 " + b"x" * 91)
    assert PracticeMaterial.objects.get(pk=material.pk).size == 100
    material.file = pdf()  # a new upload, as a form hands it over
    save_material(material)
    assert PracticeMaterial.objects.get(pk=material.pk).size == len(PDF)


def test_a_video_link_has_no_size():
    material = make_material(make_practice(), video_url="https://rutube.ru/video/1/")
    assert PracticeMaterial.objects.get(pk=material.pk).size is None


# --- the paths that write: each keeps the derived values --------------------------------------


def _form_data(**changes):
    return {
        "title": "Ёлка",
        "direction": Direction.objects.get(code="tech"),
        "category": "rural",
        "authors": "Смирнов О. И.",
        "organization": None,
        "organization_name": "МБОУ Слободская СОШ",
        "year": 2026,
        "annotation": "Выездные занятия.",
        "problem": "п",
        "description": "о",
        "results": "р",
        "contact_name": "к",
        "contact_position": "д",
        "contact_email": "k@example.ru",
        "contact_phone": "1",
        **changes,
    }


def test_a_submission_is_saved_with_its_key_search_text_and_material_sizes():
    practice = submit_practice(_form_data(), files=[("Презентация", pdf())])
    practice.refresh_from_db()
    assert practice.edit_token
    assert practice.search_text == "елка выездные занятия. смирнов о. и. мбоу слободская сош"
    assert practice.materials.get().size == len(PDF)


def test_a_revision_keeps_the_key_and_follows_the_new_text():
    practice = make_practice(Status.SUBMITTED)
    workflow.transition(practice, Status.RETURNED, actor=make_methodist(), comment="Цифры")
    token = practice.edit_token
    resubmit_practice(practice, _form_data(title="Новая ёлка"), files=[("Файл", pdf())])
    practice.refresh_from_db()
    assert practice.edit_token == token
    assert practice.search_text.startswith("новая елка выездные")
    assert practice.materials.get().size == len(PDF)


def test_a_status_change_keeps_the_key_and_the_search_text():
    practice = make_practice(Status.SUBMITTED, title="Ёлка")
    before = Practice.objects.values("edit_token", "search_text").get(pk=practice.pk)
    workflow.transition(practice, Status.SCREENING, actor=make_methodist())
    assert Practice.objects.values("edit_token", "search_text").get(pk=practice.pk) == before
    assert before["search_text"].startswith("елка аннотация")


@pytest.fixture
def methodist_client(client):
    client.force_login(make_methodist())
    return client


def test_a_practice_edited_in_the_admin_follows_in_its_search_text(methodist_client):
    practice = make_practice(Status.SCREENING, title="Старое название")
    url = reverse("admin:best_practices_practice_change", args=[practice.pk])
    data = {**opened(methodist_client, url), "title": "Ёлка в админке"}
    assert methodist_client.post(url, data).status_code == 302
    practice.refresh_from_db()
    assert practice.search_text.startswith("елка в админке аннотация")


def test_a_material_uploaded_in_the_admin_gets_its_size(methodist_client):
    practice = make_practice(Status.SCREENING)
    url = reverse("admin:best_practices_practice_change", args=[practice.pk])
    data = opened(methodist_client, url)
    data.update(
        {
            "materials-TOTAL_FORMS": "1",
            "materials-0-practice": str(practice.pk),
            "materials-0-title": "Презентация",
            "materials-0-file": pdf(),
            "materials-0-video_url": "",
            "materials-0-order": "0",
        }
    )
    response = methodist_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert practice.materials.get().size == len(PDF)


def test_the_demo_practices_have_keys_search_texts_and_sized_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_organization(short_name="МБУ ДО Ёж")
    demo.build_demo(seed=1)
    practices = Practice.objects.select_related("organization")
    assert practices.count() == len(demo.PRACTICES)
    assert len({p.edit_token for p in practices}) == len(demo.PRACTICES)
    for practice in practices:
        assert practice.search_text.startswith(practice.title.lower().replace("ё", "е"))
        assert practice.search_text.endswith(" мбу до еж")
    files = PracticeMaterial.objects.exclude(file="")
    assert files.exists()
    assert all(material.size == material.file.size for material in files)

"""The public bank: filters, counts, query budget, the practice page and its downloads."""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from best_practices.models import PracticeMaterial, Status
from tests.factories import make_organization
from tests.pages import element_text

from .factories import make_practice

pytestmark = pytest.mark.django_db

LIST = reverse("best_practices:list")


def titles(response):
    return [practice.title for practice in response.context["bank"].page.object_list]


def facet(response, name, code):
    group = next(group for group in response.context["bank"].facets if group.name == name)
    return next(value for value in group.values if value.code == code)


def test_only_published_practices_are_listed(client):
    published = make_practice(Status.PUBLISHED)
    for status in Status:
        if status != Status.PUBLISHED:
            make_practice(status)
    response = client.get(LIST)
    assert titles(response) == [published.title]
    assert response.context["bank"].total == 1


def test_direction_filter_keeps_practices_of_the_chosen_directions(client):
    tech = make_practice(Status.PUBLISHED, direction="tech")
    art = make_practice(Status.PUBLISHED, direction="art")
    make_practice(Status.PUBLISHED, direction="sport")
    response = client.get(LIST, {"direction": ["tech", "art"]})
    assert sorted(titles(response)) == sorted([tech.title, art.title])
    # The direction counts ignore the direction filter itself (a facet shows what it would add).
    assert facet(response, "direction", "sport").count == 1


def test_category_filter_and_its_counts(client):
    rural = make_practice(Status.PUBLISHED, category="rural")
    make_practice(Status.PUBLISHED, category="gifted")
    make_practice(Status.PUBLISHED, category="gifted")
    response = client.get(LIST, {"category": "rural"})
    assert titles(response) == [rural.title]
    assert facet(response, "category", "gifted").count == 2
    assert facet(response, "category", "rural").selected


def test_year_filter_and_year_counts(client):
    old = make_practice(Status.PUBLISHED, year=2024)
    make_practice(Status.PUBLISHED, year=2026)
    response = client.get(LIST, {"year": "2024"})
    assert titles(response) == [old.title]
    assert {value.code: value.count for value in response.context["bank"].years.values} == {
        "2026": 1,
        "2024": 1,
    }


def test_organization_filter_by_its_slug(client):
    school = make_organization(slug="shkola-1")
    ours = make_practice(Status.PUBLISHED, organization=school)
    make_practice(Status.PUBLISHED)
    response = client.get(LIST, {"organization": "shkola-1"})
    assert titles(response) == [ours.title]
    assert "shkola-1" in response.content.decode()


def test_search_finds_words_in_any_case_and_with_yo(client):
    found = make_practice(Status.PUBLISHED, title="Робототехника в сёлах")
    make_practice(Status.PUBLISHED, title="Хоровое пение")
    for query in ("робототехника", "СЕЛАХ", "сёлах робот"):
        assert titles(client.get(LIST, {"q": query})) == [found.title], query


def test_search_also_reads_authors(client):
    found = make_practice(Status.PUBLISHED, authors="Петрова Мария Ивановна")
    make_practice(Status.PUBLISHED)
    assert titles(client.get(LIST, {"q": "петрова"})) == [found.title]


@pytest.mark.parametrize(
    "params",
    [
        {"year": "nineteen"},
        {"direction": "no-such"},
        {"category": "<script>"},
        {"page": "999"},
        {"page": "-1"},
        {"q": "x" * 5000},
        {"organization": "y" * 500},
    ],
)
def test_malformed_parameters_never_break_the_page(client, params):
    make_practice(Status.PUBLISHED)
    assert client.get(LIST, params).status_code == 200


def test_pages_of_twelve(client):
    for _ in range(13):
        make_practice(Status.PUBLISHED)
    first = client.get(LIST)
    assert len(titles(first)) == 12
    assert len(titles(client.get(LIST, {"page": "2"}))) == 1
    assert first.context["bank"].total == 13
    assert re.findall(r"\d+", element_text(first, "results-heading")) == ["13"]


@pytest.mark.parametrize("rows", [3, 40])
def test_the_list_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, rows):
    for n in range(rows):
        make_practice(Status.PUBLISHED, direction=("tech", "art", "sport")[n % 3])
    client.get(LIST)  # warm the vocabulary cache, as any running site has it
    # Counts by direction, category and year, the organizations, the page (see selectors).
    with django_assert_max_num_queries(5):
        response = client.get(LIST, {"direction": "tech", "q": "практика"})
    assert response.status_code == 200


def test_the_header_links_to_the_bank(client):
    page = client.get(reverse("home")).content.decode()
    assert f'class="nav-link" href="{LIST}"' in page
    bank = client.get(LIST).content.decode()
    assert f'active" aria-current="page" href="{LIST}"' in bank


def test_a_published_practice_page_shows_its_materials(client):
    practice = make_practice(Status.PUBLISHED, title="Сетевой технопарк")
    material = PracticeMaterial(practice=practice, title="Положение о сети")
    material.file.save("a.pdf", ContentFile(b"%PDF-1.4 content"), save=False)
    material.save()
    PracticeMaterial.objects.create(
        practice=practice, title="Видеоурок", video_url="https://rutube.ru/video/1/"
    )
    response = client.get(practice.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Сетевой технопарк" in page
    assert material.get_absolute_url() in page
    assert "https://rutube.ru/video/1/" in page
    assert practice.contact_email not in page  # contacts stay with the МОЦ


@pytest.mark.parametrize("status", [s for s in Status if s != Status.PUBLISHED])
def test_an_unpublished_practice_has_no_public_page(client, status):
    practice = make_practice(status)
    assert client.get(practice.get_absolute_url()).status_code == 404


def test_a_material_is_served_as_an_attachment_with_nosniff(client):
    practice = make_practice(Status.PUBLISHED)
    material = PracticeMaterial(practice=practice, title="Методичка по робототехнике")
    material.file.save("x.docx", ContentFile(b"PK fake"), save=False)
    material.save()
    response = client.get(material.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="metodichka-po-robototehnike.docx"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    b"".join(response.streaming_content)


def test_a_material_of_an_unpublished_practice_is_not_served(client):
    practice = make_practice(Status.REVIEW)
    material = PracticeMaterial(practice=practice, title="Черновик")
    material.file.save("x.pdf", ContentFile(b"%PDF-1.4"), save=False)
    material.save()
    url = reverse("best_practices:material", kwargs={"slug": practice.slug, "pk": material.pk})
    assert client.get(url).status_code == 404

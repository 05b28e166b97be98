"""Slugs never take a fixed word of the site's addresses, on every path that makes one.

The words are not listed anywhere: they come from the URL conf, so the tests draw them from
there too, and a URL conf with a new section reserves its words without anyone remembering.
"""

import pytest
from django.urls import include, path, reverse

from best_practices.models import Practice, Status
from best_practices.services.submissions import AUTHOR_FIELDS, submit_practice
from events.models import Event
from events.services.publishing import propose_event
from moc_portal.core.addresses import (
    NotReservedWord,
    rename_reserved_slugs,
    reserved_words,
    slug_from_text,
    unique_slug,
)
from moc_portal.core.months import Month
from programs.models import Direction, Organization
from programs.services.imports import import_organizations
from tests.factories import make_organization
from tests.programs.test_import import xlsx

# Words of the catalogue's, events' and practices' own addresses; the URL conf must reserve
# them (a test below says so). The import test runs on every word the URL conf gives.
NAMED = ("report", "admin", "submit", "events", "revise", "past", "propose", "my")


def test_the_url_conf_reserves_the_words_of_every_section():
    assert set(NAMED) <= reserved_words()


# A URL conf with one section more than the site has: its word is reserved at once.
urlpatterns = [
    path("", include("moc_portal.urls")),
    path("olympiads/", lambda request: None, name="olympiads"),
]


def test_a_new_sections_word_is_reserved_without_a_list_or_a_migration(settings):
    assert "olympiads" not in reserved_words()
    settings.ROOT_URLCONF = __name__
    assert "olympiads" in reserved_words()
    with pytest.raises(Exception, match="занят служебной страницей"):
        NotReservedWord()("olympiads")


def test_the_validator_does_not_carry_the_words_into_migrations():
    path_, args, kwargs = NotReservedWord().deconstruct()
    assert (path_, args, kwargs) == ("moc_portal.core.addresses.NotReservedWord", (), {})


def test_a_made_slug_steps_over_reserved_and_taken_slugs():
    taken = {"report-2"}
    assert unique_slug(taken, "Report") == "report-3"
    assert "report-3" in taken  # a batch's set learns what it handed out
    assert unique_slug(set(), "Кружок") == "kruzhok"


def test_slug_from_text_transliterates_and_cuts_at_a_word():
    assert slug_from_text("Щука, ёж и «Чайка» 3D") == "shuka-yozh-i-chajka-3d"
    assert slug_from_text("Очень длинное название программы", max_length=20) == "ochen-dlinnoe"


@pytest.mark.django_db
def test_rows_holding_a_reserved_word_are_renamed_to_a_free_slug():
    held = make_organization(slug="report")
    make_organization(slug="report-2")
    assert rename_reserved_slugs(Organization) == 1
    held.refresh_from_db()
    assert held.slug == "report-3"


@pytest.mark.django_db
def test_an_organization_cannot_take_a_reserved_word_in_the_admin(admin_client):
    response = admin_client.post(
        reverse("admin:programs_organization_add"),
        {
            "short_name": "Отчёт",
            "full_name": "МБУ ДО «Отчёт»",
            "slug": "report",
            "kind": Organization.Kind.SUPPLEMENTARY,
            "department": Organization.Department.EDUCATION,
            "locality": Organization.Locality.URBAN,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
    assert not Organization.objects.filter(slug="report").exists()


# --- Generated from the URL conf: every word, on every path that makes a slug ---------------


@pytest.mark.django_db
def test_imported_organizations_named_like_page_words_reach_their_own_pages(admin_client):
    words = sorted(reserved_words())
    names = [word.capitalize() for word in words]  # «Report», «Admin», «Submit», «Events» …
    content = xlsx(
        [["Краткое наименование", "Полное наименование", "Тип"]]
        + [[name, f"МБУ ДО «{name}»", "supplementary"] for name in names]
    )

    result = import_organizations(content)

    assert result.errors == []
    organizations = list(Organization.objects.filter(short_name__in=names))
    assert len(organizations) == len(words)
    assert not {o.slug for o in organizations} & reserved_words()
    for organization in organizations:
        assert admin_client.get(organization.get_absolute_url()).status_code == 200
        if organization.short_name.lower() in NAMED:  # /monitoring/<month>/report/ and the like
            report = reverse("monitoring:submission", args=[Month.last_ended(), organization.slug])
            assert admin_client.get(report).status_code == 200, organization.slug


@pytest.mark.django_db
def test_proposed_events_named_like_page_words_reach_their_own_pages(client, admin_user):
    for word in NAMED:
        event = propose_event(
            Event(
                title=word.capitalize(), kind=Event.Kind.CONTEST, starts_on=Month.current().last_day
            ),
            admin_user,
        )
        assert event.slug not in reserved_words()
        Event.objects.filter(pk=event.pk).update(status=Event.Status.PUBLISHED)
        assert client.get(event.get_absolute_url()).status_code == 200, event.slug


@pytest.mark.django_db
def test_submitted_practices_named_like_page_words_reach_their_own_pages(client, settings):
    organization = make_organization()
    for word in NAMED:
        practice = submit_practice(
            dict.fromkeys(AUTHOR_FIELDS, "")
            | {
                "title": word.capitalize(),
                "direction": Direction.objects.get(code="tech"),
                "category": "technology",
                "authors": "Иванова Анна Петровна",
                "organization": organization,
                "year": 2026,
                "annotation": "Аннотация",
                "problem": "Проблема",
                "description": "Описание",
                "results": "Результаты",
                "contact_name": "Иванова Анна Петровна",
                "contact_email": "author@example.ru",
                "age_min": None,
                "age_max": None,
            }
        )
        assert practice.slug not in reserved_words()
        Practice.objects.filter(pk=practice.pk).update(status=Status.PUBLISHED)
        assert client.get(practice.get_absolute_url()).status_code == 200, practice.slug

"""The fixed words of the site's addresses are never an organization's or a program's slug."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from programs.models import Organization
from programs.slugs import RESERVED_SLUGS, unique_slug
from tests.factories import make_organization, make_period

CONVERTER_RE = re.compile(r"<(?:(\w+):)?\w+>")
SLUG_WORD_RE = re.compile(r"^[-a-zA-Z0-9_]+$")


def routes(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route


def segments(route):
    return [
        CONVERTER_RE.sub(lambda m: f"<{m.group(1) or 'str'}>", part) for part in route.split("/")
    ]


# Where an organization's or a program's slug stands in an address. Other sections (events,
# practices) keep their own slugs and their own words.
SLUG_SECTIONS = ("programs/", "organizations/", "monitoring/")


def words_beside_slugs():
    """Literal segments that sit where a <slug> sits in another route with the same prefix."""
    all_routes = [
        segments(route)
        for route in routes()
        if not route.startswith("^") and route.startswith(SLUG_SECTIONS)
    ]
    words = set()
    for slug_route in all_routes:
        for position, part in enumerate(slug_route):
            if part != "<slug>":
                continue
            for other in all_routes:
                if (
                    len(other) > position
                    and other[:position] == slug_route[:position]
                    and SLUG_WORD_RE.match(other[position])
                ):
                    words.add(other[position])
    return words


def test_every_word_beside_a_slug_in_the_url_conf_is_reserved():
    found = words_beside_slugs()
    assert "report" in found  # /monitoring/<period>/report/ next to /monitoring/<period>/<slug>/
    assert found <= RESERVED_SLUGS, found - RESERVED_SLUGS


@pytest.mark.django_db
def test_an_organization_cannot_take_a_reserved_word_as_its_slug(admin_client):
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
    assert "занят служебной страницей" in response.content.decode()
    assert not Organization.objects.filter(slug="report").exists()


@pytest.mark.django_db
def test_a_generated_slug_steps_over_a_reserved_word():
    assert unique_slug(Organization.objects.all(), "Report") == "report-2"


@pytest.mark.django_db
def test_an_organization_named_like_a_page_word_reaches_its_own_monitoring_page(admin_client):
    make_period(2026, 10)
    organization = make_organization(slug=unique_slug(Organization.objects.all(), "report"))
    url = reverse("monitoring:submission", args=["2026-10", organization.slug])
    assert admin_client.get(url).status_code in (200, 302)

"""The kernel's geography: points typed by people and the distance computed in SQL."""

import pytest

from moc_portal.core.geo import distance_km, parse_point
from programs.models import Place
from tests.factories import make_organization

KRASNY_KHOLM = ("58.0567", "37.1156")


@pytest.mark.parametrize(
    "typed",
    ["٥٨.٠٥,٣٧.١١", "５８.０５,３７.１１", "58.05,３７.11", "۵۸٫۰۵ ۳۷٫۱۱", "58.05,37.1١"],
)
def test_a_point_in_other_scripts_digits_is_refused(typed):
    with pytest.raises(ValueError):
        parse_point(typed)


def test_a_point_in_ascii_digits_is_read():
    assert tuple(map(str, parse_point("58,0567; 37,1156"))) == ("58.056700", "37.115600")


@pytest.mark.django_db
def test_a_place_without_coordinates_has_no_distance_on_either_backend():
    organization = make_organization()
    located = Place.objects.create(
        organization=organization,
        name="ДДТ",
        address="ул. Мира, 1",
        latitude="58.0667",
        longitude="37.1156",
    )
    unknown = Place.objects.create(organization=organization, name="Школа", address="ул. Льва")
    distances = dict(
        Place.objects.annotate(km=distance_km("latitude", "longitude", KRASNY_KHOLM)).values_list(
            "pk", "km"
        )
    )
    assert distances[unknown.pk] is None  # PostgreSQL's LEAST skips NULLs: it was 20,015 km
    assert distances[located.pk] == pytest.approx(1.11, abs=0.01)

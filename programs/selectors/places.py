"""Where a program meets, as query expressions: its distance from a point, the point and the
address to show on a map, the settlements it counts in.

A program meets at its places of study; one without places meets at its organization (its
address, settlement and coordinates). Everything here is an expression or a subquery, so the
catalogue orders, filters and pages by it in SQL, in the same number of queries.
"""

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from moc_portal.core.geo import distance_km

from ..models import Place, Program

PLACE_LINKS = Program.places.through


def program_distance(point):
    """Kilometres from `point` to the program's nearest place (or its organization)."""
    nearest = (
        Place.objects.filter(programs=OuterRef("pk"), latitude__isnull=False)
        .annotate(km=distance_km("latitude", "longitude", point))
        .order_by("km", "id")
        .values("km")[:1]
    )
    return Coalesce(
        Subquery(nearest),
        distance_km("organization__latitude", "organization__longitude", point),
    )


def with_map_point(programs, point=None):
    """`map_latitude`, `map_longitude` and `map_address` of each program: its nearest place
    to `point` (its first place without one), else its organization."""
    places = Place.objects.filter(programs=OuterRef("pk"))
    if point is not None:
        located = places.filter(latitude__isnull=False).annotate(
            km=distance_km("latitude", "longitude", point)
        )
        first = located.order_by("km", "id")
    else:
        first = places.filter(latitude__isnull=False).order_by("id")
    return programs.annotate(
        map_latitude=Coalesce(Subquery(first.values("latitude")[:1]), F("organization__latitude")),
        map_longitude=Coalesce(
            Subquery(first.values("longitude")[:1]), F("organization__longitude")
        ),
        map_address=Coalesce(
            Subquery(places.order_by("id").values("address")[:1]), F("organization__address")
        ),
    )


def in_settlements(slugs):
    """Programs with a place in one of the settlements, or without places and whose
    organization is in one of them."""
    has_place_there = PLACE_LINKS.objects.filter(
        program_id=OuterRef("pk"), place__settlement__slug__in=slugs
    )
    has_places = PLACE_LINKS.objects.filter(program_id=OuterRef("pk"))
    return Q(Exists(has_place_there)) | (
        ~Q(Exists(has_places)) & Q(organization__settlement__slug__in=slugs)
    )


def _point(latitude, longitude):
    if latitude is None or longitude is None:
        return None
    return round(float(latitude), 6), round(float(longitude), 6)


def program_map_points(programs):
    """Markers for the programs of one page (annotated by `with_map_point`), nearest first
    when the page knows distances: [{lat, lon, title, url, address, km}]."""
    points = []
    for program in programs:
        point = _point(
            getattr(program, "map_latitude", None), getattr(program, "map_longitude", None)
        )
        if point is None:
            continue
        distance = getattr(program, "distance", None)
        points.append(
            {
                "lat": point[0],
                "lon": point[1],
                "title": program.title,
                "url": program.get_absolute_url(),
                "address": getattr(program, "map_address", "") or "",
                "km": None if distance is None else round(distance, 2),
            }
        )
    points.sort(key=lambda item: (item["km"] is None, item["km"] or 0))
    return points


def organization_map_points(organizations):
    """Markers for the organizations of one page."""
    points = []
    for organization in organizations:
        point = _point(organization.latitude, organization.longitude)
        if point is not None:
            points.append(
                {
                    "lat": point[0],
                    "lon": point[1],
                    "title": organization.short_name,
                    "url": organization.get_absolute_url(),
                    "address": organization.address,
                    "km": None,
                }
            )
    return points

"""Demo settlements, coordinates and places of study around Красный Холм (issue 20)."""

import random
from decimal import Decimal

from moc_portal.core.addresses import slug_from_text

from .demo_words import SETTLEMENTS
from .models import Place, Program, Settlement

# Centres of the demo settlements (around Красный Холм, Тверская область), degrees.
SETTLEMENT_POINTS = {
    "Красный Холм": (58.0580, 37.1160),
    "Лихачёво": (58.1010, 37.0210),
    "Мартыново": (58.0030, 37.2480),
    "Хабоцкое": (58.1290, 37.3010),
    "Барбино": (57.9820, 37.0530),
    "Глебены": (58.0310, 36.9510),
    "Высокуша": (58.1480, 37.1230),
    "Прудово": (58.0820, 37.2210),
    "Ульянцево": (57.9510, 37.1810),
    "Никольское": (58.1790, 37.0020),
    "Нивы": (58.0210, 37.3490),
    "Ивановское": (57.9230, 37.0040),
    "Слобода": (58.1990, 37.2510),
    "Дымово": (58.0610, 36.8830),
}


def create_settlements():
    rows = Settlement.objects.bulk_create(
        Settlement(name=s.name, slug=slug_from_text(s.name)) for s in SETTLEMENTS
    )
    return {row.name: row for row in rows}


def point_near(geo, settlement_name, spread=0.012):
    """A point within about a kilometre of the settlement's centre."""
    lat, lon = SETTLEMENT_POINTS.get(settlement_name, SETTLEMENT_POINTS["Красный Холм"])
    return (
        Decimal(str(round(lat + geo.uniform(-spread, spread) * 0.6, 6))),
        Decimal(str(round(lon + geo.uniform(-spread, spread), 6))),
    )


def create_places(drafts, organizations, *, batch_size):
    """Programs held «in a room» meet at a place of study: their organization's main building,
    or, for some organizations in the town, a second building (a branch)."""
    geo = random.Random("places")
    places = {}
    for owner in organizations:
        organization = owner.organization
        buildings = [
            Place(
                organization=organization,
                name="Основное здание",
                address=organization.address,
                settlement=organization.settlement,
                latitude=organization.latitude,
                longitude=organization.longitude,
            )
        ]
        if organization.settlement.name == "Красный Холм" and geo.random() < 0.35:
            lat, lon = point_near(geo, "Красный Холм", spread=0.02)
            buildings.append(
                Place(
                    organization=organization,
                    name="Филиал",
                    address=f"г. Красный Холм, ул. Октябрьская, д. {geo.randint(1, 40)}",
                    settlement=organization.settlement,
                    latitude=lat,
                    longitude=lon,
                )
            )
        places[organization.pk] = buildings
    Place.objects.bulk_create([place for group in places.values() for place in group])
    links = Program.places.through
    rows = []
    for draft in drafts:
        if not draft.meets_in_building:
            continue
        buildings = places[draft.program.organization_id]
        place = buildings[-1] if len(buildings) > 1 and geo.random() < 0.5 else buildings[0]
        rows.append(links(program_id=draft.program.pk, place_id=place.pk))
    links.objects.bulk_create(rows, batch_size=batch_size)

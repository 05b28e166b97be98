"""The place of study a program row names: its address and point, found among the
organization's places or added to them."""

from ...models import Place, Program
from ...program_changes import touch_programs_of_places
from ..bulk import insert_in_bulk
from ..import_columns.columns import normalize_title
from .program_related import delete_for
from .rows import BATCH_SIZE

# The columns that say where a program is taught.
PLACE_COLUMNS = {"venue", "latitude", "longitude", "coordinates"}


def imported_places(program, parsed, organization):
    """[(address, latitude, longitude)]: the file's address and point for the program's place
    of study. Without an address the point is the organization's address; without a point
    a place already known at that address keeps its own."""
    known = {address: (lat, lon) for address, lat, lon in program.imported_places}
    if "venue" in parsed:
        address = " ".join(parsed["venue"].split())
    else:
        address = program.imported_places[0][0] if program.imported_places else ""
    point = parsed.get("coordinates") or (parsed.get("latitude"), parsed.get("longitude"))
    if point[0] is None:
        point = known.get(address, (None, None))
    if not address and point[0] is not None:
        address = organization.address or organization.short_name
    return [(address[:300], *point)] if address else []


def attach_places(new, updated):
    """Places of study named by the file: found by the organization and the address, added
    when new (in the organization's settlement), their point set when the file gives one."""
    programs = [p for p in new if p.imported_places]
    changed = [p for p in updated if "venue" in p.changed_related]
    programs += changed
    delete_for(Program.places.through, [p.pk for p in changed])
    if not programs:
        return
    organization_ids = {p.organization_id for p in programs}
    known = {
        (place.organization_id, normalize_title(place.address)): place
        for place in Place.objects.filter(organization_id__in=organization_ids)
    }
    created, moved, links = [], [], []
    for program in programs:
        for address, latitude, longitude in program.imported_places:
            key = (program.organization_id, normalize_title(address))
            place = known.get(key)
            if place is None:
                place = known[key] = Place(
                    organization_id=program.organization_id,
                    address=address,
                    settlement_id=program.organization.settlement_id,
                    latitude=latitude,
                    longitude=longitude,
                )
                created.append(place)
            elif latitude is not None and (place.latitude, place.longitude) != (
                latitude,
                longitude,
            ):
                place.latitude, place.longitude = latitude, longitude
                moved.append(place)
            links.append((program, place))
    Place.objects.bulk_create(created, batch_size=BATCH_SIZE)
    if moved:
        Place.objects.bulk_update(moved, ["latitude", "longitude"], batch_size=BATCH_SIZE)
        # A bulk update sends no post_save: the other programs meeting there moved too.
        touch_programs_of_places([place.pk for place in moved])
    insert_in_bulk(
        Program.places.through,
        ["program", "place"],
        dict.fromkeys((program.pk, place.pk) for program, place in links),
    )

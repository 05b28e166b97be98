"""The levels, ОВЗ types, schedule and places of imported programs: read once for every
stored program the file names, compared as plain lists, replaced by delete + bulk insert."""

from ...models import Program, ScheduleSlot
from ..bulk import insert_in_bulk

# SQLite limits the parameters of one query: program ids go a few thousand a query.
IDS_PER_QUERY = 5000


def id_chunks(ids, size=IDS_PER_QUERY):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def load_related(programs):
    """Give each program its stored related rows as sorted lists (empty for a new one):
    `imported_levels`, `imported_disabilities`, `imported_schedule`, `imported_places`."""
    levels, disabilities, slots, places = _related_of([p.pk for p in programs if p.pk])
    for program in programs:
        program.imported_levels = sorted(levels.get(program.pk, []))
        program.imported_disabilities = sorted(disabilities.get(program.pk, []))
        program.imported_schedule = sorted(slots.get(program.pk, []))
        program.imported_places = sorted(places.get(program.pk, []))


def related_state(program):
    """The related rows of the program by the column that sets them."""
    return {
        "levels": list(program.imported_levels),
        "disability_types": list(program.imported_disabilities),
        "schedule": list(program.imported_schedule),
        "venue": list(program.imported_places),
    }


def _related_of(program_ids):
    levels, disabilities, slots, places = {}, {}, {}, {}
    if not program_ids:
        return levels, disabilities, slots, places
    through = Program.levels.through
    for program_id, level_id in _in_chunks(through, program_ids, "program_id", "level_id"):
        levels.setdefault(program_id, []).append(level_id)
    through = Program.disability_types.through
    for program_id, item_id in _in_chunks(through, program_ids, "program_id", "disabilitytype_id"):
        disabilities.setdefault(program_id, []).append(item_id)
    fields = ("program_id", "weekday", "starts_at", "ends_at", "group_name")
    for program_id, *slot in _in_chunks(ScheduleSlot, program_ids, *fields):
        slots.setdefault(program_id, []).append(tuple(slot))
    through = Program.places.through
    fields = ("program_id", "place__address", "place__latitude", "place__longitude")
    for program_id, *place in _in_chunks(through, program_ids, *fields):
        places.setdefault(program_id, []).append(tuple(place))
    return levels, disabilities, slots, places


def _in_chunks(model, program_ids, *fields):
    """values_list over program ids, a few thousand at a time."""
    for chunk in id_chunks(program_ids):
        yield from model.objects.filter(program_id__in=chunk).values_list(*fields)


def replace_related(new, updated):
    """Levels, ОВЗ types and schedule of the written programs, by delete + bulk insert."""
    specs = (
        ("levels", Program.levels.through, "level", "imported_levels"),
        (
            "disability_types",
            Program.disability_types.through,
            "disabilitytype",
            "imported_disabilities",
        ),
    )
    for key, through, column, attribute in specs:
        changed = [p for p in updated if key in p.changed_related]
        delete_for(through, [p.pk for p in changed])
        insert_in_bulk(
            through,
            ["program", column],
            (
                (program.pk, item)
                for program in [*new, *changed]
                for item in getattr(program, attribute)
            ),
        )
    changed = [p for p in updated if "schedule" in p.changed_related]
    delete_for(ScheduleSlot, [p.pk for p in changed])
    insert_in_bulk(
        ScheduleSlot,
        ["program", "weekday", "starts_at", "ends_at", "group_name"],
        (
            (program.pk, day, start, end, group)
            for program in [*new, *changed]
            for day, start, end, group in program.imported_schedule
        ),
    )


def delete_for(model, program_ids):
    """Delete the model's rows of these programs."""
    for chunk in id_chunks(program_ids):
        model.objects.filter(program_id__in=chunk).delete()

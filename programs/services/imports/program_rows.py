"""Program rows: reading, checking and writing them in bulk."""

from django.utils import timezone

from ...closed_lists import PAYMENT_FIELDS
from ...models import ImportHeaderAlias, Place, Program, ScheduleSlot
from ...moderation import descriptive_fields, needs_review, status_after_save
from ...selectors.revisions import stored_value
from .. import after_bulk_change, record_bulk_history
from ..bulk import insert_in_bulk, update_in_bulk
from ..import_columns import (
    PROGRAM_COLUMNS,
    KnownNames,
    normalize_key,
    normalize_title,
    parse_age,
    parse_bool,
    parse_choice,
    parse_coordinates,
    parse_count,
    parse_date,
    parse_named_list,
    parse_navigator_id,
    parse_navigator_url,
    parse_optional_latitude,
    parse_optional_longitude,
    parse_payment,
    parse_price,
    parse_schedule,
    parse_study_form,
)
from ..revisions import propose_changes
from .rows import BATCH_SIZE, FIELD_COLUMNS, NEW, SKIP, UPDATE, RowOutcome, _free_slug, _Import

PROGRAM_FIELDS = [
    "navigator_id",
    "navigator_url",
    "title",
    "organization_id",
    "direction_id",
    "age_min",
    "age_max",
    "is_free",
    "accepts_certificate",
    "is_paid",
    "price_per_month",
    "study_form",
    "uses_distance_technologies",
    "is_ovz_adapted",
    "is_network",
    "duration_months",
    "hours_per_year",
    "annotation",
    "goals",
    "expected_results",
    "teachers",
    "enrollment_open",
    "places_available",
    "enrollment_from",
    "enrollment_to",
    "places_total",
    "certificate_cost",
    "normative_cost",
    "cost_months",
    "cost_hours",
    "status",
]


class _ProgramImport(_Import):
    target = ImportHeaderAlias.Target.PROGRAM
    columns = PROGRAM_COLUMNS
    required = ("title", "organization")

    def check_rows(self):
        known = KnownNames()
        organizations = known.organizations()
        parsers = {
            "navigator_id": parse_navigator_id,
            "title": lambda text: text,
            "direction": lambda text: self.direction(known, text),
            "levels": lambda text: parse_named_list(text, known.levels, "уровень"),
            "age_min": parse_age,
            "age_max": parse_age,
            "payment": parse_payment,
            "price_per_month": parse_price,
            "study_form": parse_study_form,
            "uses_distance_technologies": parse_bool,
            "is_ovz_adapted": parse_bool,
            "disability_types": lambda text: parse_named_list(
                text, known.disability_types, "вид нарушения"
            ),
            "is_network": parse_bool,
            "duration_months": parse_count,
            "hours_per_year": parse_count,
            "annotation": str,
            "goals": str,
            "expected_results": str,
            "teachers": str,
            "venue": str,
            "latitude": parse_optional_latitude,
            "longitude": parse_optional_longitude,
            "coordinates": parse_coordinates,
            "schedule": parse_schedule,
            "enrollment_open": parse_bool,
            "places_available": parse_count,
            "enrollment_from": parse_date,
            "enrollment_to": parse_date,
            "places_total": parse_count,
            "certificate_cost": parse_price,
            "normative_cost": parse_price,
            "cost_months": parse_count,
            "cost_hours": parse_count,
            "status": lambda text: (
                parse_choice(text, Program.Status.choices, "статус") if text else None
            ),
        }
        rows = []
        for number, values in self.table.rows:
            cells = self.cells(values)
            parsed, ok = self.parse(number, cells, parsers)
            if "navigator_id" in parsed:
                try:
                    parsed["navigator_url"] = parse_navigator_url(cells["navigator_id"])
                except ValueError as error:
                    self.error(number, "navigator_id", str(error))
                    ok = False
            if ok and (parsed.get("latitude") is None) != (parsed.get("longitude") is None):
                key = "longitude" if parsed.get("longitude") is None else "latitude"
                self.error(number, key, "Укажите и широту, и долготу.")
                ok = False
            organization = self.organization(number, cells.get("organization", ""), organizations)
            if not cells.get("title"):
                self.error(number, "title", "Укажите название программы.")
                ok = False
            if parsed.get("age_min", 0) > parsed.get("age_max", 25):
                self.error(number, "age_min", "Возраст «от» не может быть больше возраста «до».")
                ok = False
            if ok and organization:
                rows.append((number, parsed, organization))
        existing = self.existing_programs(rows)
        seen = {}
        for number, parsed, organization in rows:
            self.check_row(number, parsed, organization, existing, seen)

    def direction(self, known, text):
        if not text:
            raise ValueError("Укажите направленность.")
        direction = known.directions.get(text) or known.directions.get(normalize_key(text))
        if direction is None:
            names = ", ".join(f"«{name.lower()}»" for name in known.direction_names.values())
            raise ValueError(f"«{text}» — неизвестная направленность. Возможные: {names}.")
        return direction

    def organization(self, number, text, organizations):
        if not text:
            self.error(number, "organization", "Укажите организацию.")
            return None
        found = organizations.get(text.strip()) or organizations.get(normalize_key(text), [])
        if not found:
            self.error(number, "organization", f"Организация «{text}» не найдена в каталоге.")
            return None
        if len(found) > 1:
            self.error(
                number,
                "organization",
                f"Организаций с названием «{text}» несколько: укажите полное наименование или ИНН.",
            )
            return None
        organization = found[0]
        if self.allowed_ids is not None and organization.pk not in self.allowed_ids:
            self.error(
                number,
                "organization",
                f"Вы можете загружать программы только своей организации, не «{text}».",
            )
            return None
        return organization

    def existing_programs(self, rows):
        navigator_ids = sorted({p["navigator_id"] for _, p, _ in rows if p.get("navigator_id")})
        organization_ids = {organization.pk for _, _, organization in rows}
        found = {p.pk: p for p in Program.objects.filter(organization_id__in=organization_ids)}
        # Programs of other organizations that the file names by their Навигатор id, a few
        # thousand ids a query (SQLite limits the parameters of one query).
        for start in range(0, len(navigator_ids), 5000):
            chunk = navigator_ids[start : start + 5000]
            for program in Program.objects.filter(navigator_id__in=chunk).exclude(
                organization_id__in=organization_ids
            ):
                found[program.pk] = program
        ids = sorted(found)
        programs = [found[pk] for pk in ids]
        levels, disabilities, slots, places = _related_of(ids)
        by_navigator, by_title = {}, {}
        for program in programs:
            program.imported_levels = sorted(levels.get(program.pk, []))
            program.imported_disabilities = sorted(disabilities.get(program.pk, []))
            program.imported_schedule = sorted(slots.get(program.pk, []))
            program.imported_places = sorted(places.get(program.pk, []))
            if program.navigator_id:
                by_navigator.setdefault(program.navigator_id, program)
            by_title.setdefault((program.organization_id, normalize_title(program.title)), program)
        return by_navigator, by_title

    def check_row(self, number, parsed, organization, existing, seen):
        by_navigator, by_title = existing
        navigator_id = parsed.get("navigator_id") or ""
        title_key = (organization.pk, normalize_title(parsed["title"]))
        program = by_navigator.get(navigator_id) if navigator_id else None
        if program is None:
            # A program known under another Навигатор id is another program of the same name.
            namesake = by_title.get(title_key)
            other_id = namesake and navigator_id and namesake.navigator_id not in ("", navigator_id)
            program = None if other_id else namesake
        identities = [("navigator", navigator_id) if navigator_id else ("title", title_key)]
        if program is not None:
            identities.append(("program", program.pk))
        for key in identities:
            if key in seen:
                self.error(number, None, f"Строка повторяет строку {seen[key]} (та же программа).")
                return
        for key in identities:
            seen[key] = number
        foreign = self.allowed_ids is not None and program is not None
        if foreign and program.organization_id not in self.allowed_ids:
            self.error(
                number, "navigator_id", "Программа с этим id в Навигаторе — другой организации."
            )
            return
        if program is None:
            needed = ("direction", "levels", "age_min", "age_max")
            missing = [key for key in needed if key not in parsed]
            if missing:
                for key in missing:
                    self.error(number, key, "Для новой программы нужна эта колонка.")
                return
            program = Program(status=Program.Status.DRAFT)
            program.imported_levels = program.imported_disabilities = []
            program.imported_schedule = []
            program.imported_places = []
            action = NEW
        else:
            action = UPDATE
        before = {name: getattr(program, name) for name in PROGRAM_FIELDS}
        before_related = _related_state(program)
        self.apply(program, parsed, organization)
        if not self.check_program(number, program):
            return
        changed = [name for name in PROGRAM_FIELDS if getattr(program, name) != before[name]]
        changed_related = [
            key for key, value in _related_state(program).items() if value != before_related[key]
        ]
        if action == UPDATE and not (changed or changed_related):
            action = SKIP
        program.proposal = {}
        if action == UPDATE and self.user is not None and needs_review(self.user, before["status"]):
            # A published program keeps its published text: descriptive changes wait for a
            # methodist as a revision, as the representative's edit in the admin does.
            program.proposal = _proposal(program, changed, changed_related, before, before_related)
            proposed = {Program._meta.get_field(name).attname for name in program.proposal}
            changed = [name for name in changed if name not in proposed]
            changed_related = [key for key in changed_related if key not in program.proposal]
        if action != SKIP and self.user is not None:
            # A representative's import waits for a methodist, as their edit in the admin does.
            status = status_after_save(
                self.user,
                program,
                is_new=action == NEW,
                changed=True,
                stored_status=before.get("status") if action == UPDATE else None,
            )
            if status != program.status:
                program.status = status
                changed = [*changed, "status"] if "status" not in changed else changed
        program.changed_fields = changed
        program.changed_related = changed_related
        headers = {self.header(FIELD_COLUMNS.get(name, name)) for name in changed if name}
        headers |= {self.header(key) for key in changed_related}
        for name in program.proposal:
            attname = Program._meta.get_field(name).attname
            column = FIELD_COLUMNS.get(attname, name)
            headers.add(f"{self.header(column)} (на проверку методисту)")
        self.result.outcomes.append(RowOutcome(number, action, program, sorted(headers)))

    def apply(self, program, parsed, organization):
        old_navigator = (program.navigator_id, program.navigator_url)
        program.organization = organization
        simple = set(PROGRAM_FIELDS) - {"organization_id", "direction_id", "status"}
        for key, value in parsed.items():
            if key in simple:
                setattr(program, key, value)
        if "direction" in parsed:
            program.direction = parsed["direction"]
        if "payment" in parsed:
            for code, name in PAYMENT_FIELDS.items():
                setattr(program, name, parsed["payment"][code])
        if parsed.get("status"):
            program.status = parsed["status"]
        if "levels" in parsed:
            program.imported_levels = sorted(level.pk for level in parsed["levels"])
        if "disability_types" in parsed:
            program.imported_disabilities = sorted(item.pk for item in parsed["disability_types"])
        if "schedule" in parsed:
            program.imported_schedule = parsed["schedule"]
        if "navigator_id" in parsed and not parsed.get("navigator_url"):
            # A bare id keeps the stored link of the same id (it has the slug).
            same = parsed["navigator_id"] == old_navigator[0]
            program.navigator_url = old_navigator[1] if same else ""
        if {"venue", "latitude", "longitude", "coordinates"} & set(parsed):
            program.imported_places = _imported_places(program, parsed, organization)

    def check_program(self, number, program):
        ok = self.validate(
            number, program, exclude=["slug", "organization", "direction", "search_text", "photo"]
        )
        ages = (program.age_min, program.age_max)
        if None not in ages and ages[0] > ages[1]:
            self.error(number, "age_min", "Возраст «от» не может быть больше возраста «до».")
            ok = False
        if not program.imported_levels and "levels" in self.match.positions:
            self.error(number, "levels", "Укажите хотя бы один уровень.")
            ok = False
        return ok

    def write(self):
        outcomes = [o for o in self.result.outcomes if o.action != SKIP]
        new = [o.instance for o in outcomes if o.action == NEW]
        updated = [o.instance for o in outcomes if o.action == UPDATE]
        taken = set(Program.objects.values_list("slug", flat=True))
        now = timezone.now()
        for program in new:
            program.slug = _free_slug(program.title, taken, Program)
            program.search_text = program.build_search_text(program.organization)
        Program.objects.bulk_create(new, batch_size=BATCH_SIZE)
        fields = {name for program in updated for name in program.changed_fields}
        for program in updated:
            program.updated_at = now
            text = program.build_search_text(program.organization)
            if text != program.search_text:
                program.search_text = text
                fields.add("search_text")
        fields = sorted(fields)
        if updated:
            update_in_bulk(Program, updated, [*fields, "updated_at"])
        _replace_related(new, updated)
        _attach_places(new, updated)
        record_bulk_history(Program, new, updated, user=self.user, reason="Импорт")
        after_bulk_change([program.pk for program in new + updated])
        for program in updated:
            if program.proposal:
                propose_changes(program, program.proposal, self.user)


def _proposal(program, changed, changed_related, before, before_related):
    """The descriptive changes of the row as a revision's values; the program gets its
    published values back for them (operational fields and the schedule stay changed)."""
    descriptive = set(descriptive_fields())
    proposal = {}
    for attname in changed:
        field = Program._meta.get_field(attname)
        if field.name in descriptive:
            proposal[field.name] = stored_value(program, field.name)
            setattr(program, attname, before[attname])
    imported = {"levels": "imported_levels", "disability_types": "imported_disabilities"}
    for key in changed_related:
        if key in descriptive and key in imported:
            proposal[key] = sorted(getattr(program, imported[key]))
            setattr(program, imported[key], before_related[key])
    return proposal


def _related_state(program):
    return {
        "levels": list(program.imported_levels),
        "disability_types": list(program.imported_disabilities),
        "schedule": list(program.imported_schedule),
        "venue": list(program.imported_places),
    }


def _imported_places(program, parsed, organization):
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


def _in_chunks(model, program_ids, *fields, size=5000):
    """values_list over program ids, a few thousand at a time (SQLite limits parameters)."""
    for start in range(0, len(program_ids), size):
        chunk = program_ids[start : start + size]
        yield from model.objects.filter(program_id__in=chunk).values_list(*fields)


def _replace_related(new, updated):
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
        _delete_for(through, [p.pk for p in changed])
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
    _delete_for(ScheduleSlot, [p.pk for p in changed])
    insert_in_bulk(
        ScheduleSlot,
        ["program", "weekday", "starts_at", "ends_at", "group_name"],
        (
            (program.pk, day, start, end, group)
            for program in [*new, *changed]
            for day, start, end, group in program.imported_schedule
        ),
    )


def _attach_places(new, updated):
    """Places of study named by the file: found by the organization and the address, added
    when new (in the organization's settlement), their point set when the file gives one."""
    programs = [p for p in new if p.imported_places]
    changed = [p for p in updated if "venue" in p.changed_related]
    programs += changed
    _delete_for(Program.places.through, [p.pk for p in changed])
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
    insert_in_bulk(
        Program.places.through,
        ["program", "place"],
        dict.fromkeys((program.pk, place.pk) for program, place in links),
    )


def _delete_for(model, program_ids, size=5000):
    for start in range(0, len(program_ids), size):
        model.objects.filter(program_id__in=program_ids[start : start + size]).delete()

"""Program rows: reading, checking and writing them in bulk.

The pieces live beside it: how cells are read (`program_cells`), which stored program a row
means (`program_identity`), levels, ОВЗ types and schedule (`program_related`), places of
study (`program_places`) and the revisions of published programs (`program_revisions`).
"""

from django.utils import timezone

from ...closed_lists import PAYMENT_FIELDS
from ...models import ImportHeaderAlias, Program
from ...moderation import needs_review, status_after_save
from .. import after_bulk_change, record_bulk_history
from ..bulk import update_in_bulk
from ..import_columns.columns import PROGRAM_COLUMNS, normalize_key
from ..import_columns.values import KnownNames, parse_navigator_url
from .program_cells import PROGRAM_FIELDS, cell_parsers
from .program_identity import existing_programs, stored_program
from .program_places import PLACE_COLUMNS, attach_places, imported_places
from .program_related import load_related, related_state, replace_related
from .program_revisions import hold_for_review, propose_held
from .rows import BATCH_SIZE, FIELD_COLUMNS, NEW, SKIP, UPDATE, RowOutcome, _free_slug, _Import


class _ProgramImport(_Import):
    target = ImportHeaderAlias.Target.PROGRAM
    columns = PROGRAM_COLUMNS
    required = ("title", "organization")

    def check_rows(self):
        known = KnownNames()
        organizations = known.organizations()
        parsers = cell_parsers(known)
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
        existing = existing_programs(rows)
        seen = {}
        for number, parsed, organization in rows:
            self.check_row(number, parsed, organization, existing, seen)

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

    def check_row(self, number, parsed, organization, existing, seen):
        program, identities = stored_program(parsed, organization, existing)
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
            load_related([program])
            action = NEW
        else:
            action = UPDATE
        before = {name: getattr(program, name) for name in PROGRAM_FIELDS}
        before_related = related_state(program)
        self.apply(program, parsed, organization)
        if not self.check_program(number, program):
            return
        changed = [name for name in PROGRAM_FIELDS if getattr(program, name) != before[name]]
        changed_related = [
            key for key, value in related_state(program).items() if value != before_related[key]
        ]
        if action == UPDATE and not (changed or changed_related):
            action = SKIP
        program.proposal = {}
        if action == UPDATE and self.user is not None and needs_review(self.user, before["status"]):
            changed, changed_related = hold_for_review(
                program, changed, changed_related, before, before_related
            )
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
        if PLACE_COLUMNS & set(parsed):
            program.imported_places = imported_places(program, parsed, organization)

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
        replace_related(new, updated)
        attach_places(new, updated)
        record_bulk_history(Program, new, updated, user=self.user, reason="Импорт")
        after_bulk_change([program.pk for program in new + updated])
        propose_held(updated, self.user)

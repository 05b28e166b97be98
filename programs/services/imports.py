"""Bulk import of programs and organizations from a spreadsheet: all rows or none.

`import_programs(table, user=…, dry_run=…)` and `import_organizations(…)` read every row,
report every error by row and column, and write only when the whole file is clean, in one
transaction with bulk queries (10,000 rows in seconds, not minutes). With `dry_run` they
write nothing and say what would be created, updated and left alone: the admin's preview.

Identity: a program row with an id in the Навигатор updates the program that has it;
otherwise it matches by organization and title (case- and ё-insensitively). An
organization row matches by ИНН, then by short name. A row that changes nothing is
skipped, so importing the same file twice changes nothing the second time.

A representative (a staff user who manages only some organizations) may import only into
their own organizations; rows for others are errors.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from ..models import ImportHeaderAlias, Organization, Program, ScheduleSlot
from ..permissions import managed_organizations
from ..slugs import slug_from_text
from ..vocabulary import PAYMENT_FIELDS
from . import after_bulk_change, analyze_catalogue
from .bulk import insert_in_bulk, update_in_bulk
from .import_columns import (
    ORGANIZATION_COLUMNS,
    PROGRAM_COLUMNS,
    Vocabulary,
    match_headers,
    normalize_key,
    normalize_title,
    parse_age,
    parse_bool,
    parse_choice,
    parse_count,
    parse_navigator_id,
    parse_payment,
    parse_price,
    parse_schedule,
    parse_study_form,
    parse_vocabulary_list,
)
from .import_files import ImportFileError, Table, read_table

BATCH_SIZE = 1000
# From this many written rows on, PostgreSQL's statistics are refreshed after the import.
ANALYZE_AFTER_ROWS = 500
NEW, UPDATE, SKIP = "new", "update", "skip"
ACTION_LABELS = {NEW: "Новая", UPDATE: "Изменится", SKIP: "Без изменений"}

PROGRAM_FIELDS = [
    "navigator_id",
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
    "venue",
    "enrollment_open",
    "places_available",
    "status",
]
# Which file column a model field's error belongs to.
FIELD_COLUMNS = {
    "organization_id": "organization",
    "direction_id": "direction",
    "is_free": "payment",
    "accepts_certificate": "payment",
    "is_paid": "payment",
}


@dataclass
class RowError:
    row: int  # the line of the file (the header is usually line 1)
    column: str  # the header as the file has it; "" for the file or the row as a whole
    message: str


@dataclass
class RowOutcome:
    row: int
    action: str  # NEW, UPDATE or SKIP
    instance: object
    changed: list = field(default_factory=list)  # headers of the columns that change

    @property
    def action_label(self):
        return ACTION_LABELS[self.action]


@dataclass
class ImportResult:
    target: str
    dry_run: bool
    outcomes: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    unknown_headers: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    @property
    def counts(self):
        counts = {NEW: 0, UPDATE: 0, SKIP: 0}
        for outcome in self.outcomes:
            counts[outcome.action] += 1
        return counts

    def summary(self):
        counts = self.counts
        if self.dry_run:
            return (
                f"Строк: {len(self.outcomes)}. Будет добавлено: {counts[NEW]}, "
                f"изменено: {counts[UPDATE]}, без изменений: {counts[SKIP]}."
            )
        return (
            f"Строк: {len(self.outcomes)}. Добавлено: {counts[NEW]}, "
            f"изменено: {counts[UPDATE]}, без изменений: {counts[SKIP]}."
        )


def import_programs(source, *, user=None, dry_run=False, filename=""):
    """Import programs from a Table or the bytes of an XLSX/CSV file."""
    return _run(_ProgramImport, source, user=user, dry_run=dry_run, filename=filename)


def import_organizations(source, *, user=None, dry_run=False, filename=""):
    """Import organizations from a Table or the bytes of an XLSX/CSV file."""
    return _run(_OrganizationImport, source, user=user, dry_run=dry_run, filename=filename)


def _run(importer_class, source, *, user, dry_run, filename):
    result = ImportResult(target=importer_class.target, dry_run=dry_run)
    try:
        table = source if isinstance(source, Table) else read_table(source, filename)
    except ImportFileError as error:
        result.errors.append(RowError(0, "", str(error)))
        return result
    importer = importer_class(table, user, result)
    importer.check()
    if result.ok and not dry_run:
        try:
            with transaction.atomic():
                importer.write()
                if result.counts[NEW] + result.counts[UPDATE] >= ANALYZE_AFTER_ROWS:
                    analyze_catalogue()
        except DatabaseError as error:  # e.g. a race with another editor: nothing was saved
            result.errors.append(
                RowError(0, "", f"Не удалось сохранить, ничего не изменено: {error}")
            )
    return result


# Files from the Навигатор and from offices often have a title above the table.
HEADER_SEARCH_ROWS = 10


def _find_header(table, target):
    """The table re-cut at its header: the first row that names at least two known columns."""
    match = match_headers(table.header, target)
    if len(match.positions) >= 2:
        return table, match
    for index, (_, values) in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        candidate = match_headers(values, target)
        if len(candidate.positions) >= 2:
            return Table(header=values, rows=table.rows[index + 1 :]), candidate
    return table, match


class _Import:
    target = None
    columns = None
    required = ()

    def __init__(self, table, user, result):
        self.table, self.match = _find_header(table, self.target)
        self.user = user
        self.result = result
        result.unknown_headers = self.match.unknown
        allowed = managed_organizations(user) if user is not None else None
        self.allowed_ids = None if allowed is None else set(allowed.values_list("pk", flat=True))

    def header(self, key):
        if key in self.match.headers:
            return self.match.headers[key]
        return next(column.header for column in self.columns if column.key == key)

    def error(self, row, key, message):
        self.result.errors.append(RowError(row, self.header(key) if key else "", message))

    def check(self):
        if not self.match.positions:
            self.error(
                0,
                None,
                "Не найден заголовок таблицы: ни одна колонка не узнана. Первая строка должна "
                "содержать названия колонок, например: "
                + ", ".join(f"«{c.header}»" for c in self.columns[:6])
                + ".",
            )
            return
        for first, second in self.match.duplicates:
            self.error(0, None, f"Колонки «{first}» и «{second}» означают одно и то же.")
        for key in self.required:
            if key not in self.match.positions:
                self.error(0, None, f"В файле нет колонки «{self.header(key)}».")
        if not self.table.rows:
            self.error(0, None, "В файле только заголовок, строк с данными нет.")
        if self.result.ok:
            self.check_rows()
            # As a person reads the file: by row, then left to right.
            positions = {self.match.headers[key]: i for key, i in self.match.positions.items()}
            self.result.errors.sort(key=lambda e: (e.row, positions.get(e.column, len(positions))))

    def cells(self, values):
        return {
            key: (values[index].strip() if index < len(values) and values[index] else "")
            for key, index in self.match.positions.items()
        }

    def parse(self, number, cells, parsers):
        """{key: value} for the columns present; each unparsable cell is an error."""
        parsed, ok = {}, True
        for key, parser in parsers.items():
            if key not in cells:
                continue
            try:
                parsed[key] = parser(cells[key])
            except ValueError as error:
                self.error(number, key, str(error))
                ok = False
        return parsed, ok

    def validate(self, number, instance, exclude):
        """The checks the admin form runs (field validators and the model's clean)."""
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                key = FIELD_COLUMNS.get(name, name)
                key = key if any(c.key == key for c in self.columns) else None
                for message in messages:
                    self.error(number, key, message)
            return False
        return True


class _ProgramImport(_Import):
    target = ImportHeaderAlias.Target.PROGRAM
    columns = PROGRAM_COLUMNS
    required = ("title", "organization")

    def check_rows(self):
        vocabulary = Vocabulary()
        organizations = vocabulary.organizations()
        parsers = {
            "navigator_id": parse_navigator_id,
            "title": lambda text: text,
            "direction": lambda text: self.direction(vocabulary, text),
            "levels": lambda text: parse_vocabulary_list(text, vocabulary.levels, "уровень"),
            "age_min": parse_age,
            "age_max": parse_age,
            "payment": parse_payment,
            "price_per_month": parse_price,
            "study_form": parse_study_form,
            "uses_distance_technologies": parse_bool,
            "is_ovz_adapted": parse_bool,
            "disability_types": lambda text: parse_vocabulary_list(
                text, vocabulary.disability_types, "вид нарушения"
            ),
            "is_network": parse_bool,
            "duration_months": parse_count,
            "hours_per_year": parse_count,
            "annotation": str,
            "goals": str,
            "expected_results": str,
            "teachers": str,
            "venue": str,
            "schedule": parse_schedule,
            "enrollment_open": parse_bool,
            "places_available": parse_count,
            "status": lambda text: (
                parse_choice(text, Program.Status.choices, "статус") if text else None
            ),
        }
        rows = []
        for number, values in self.table.rows:
            cells = self.cells(values)
            parsed, ok = self.parse(number, cells, parsers)
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

    def direction(self, vocabulary, text):
        if not text:
            raise ValueError("Укажите направленность.")
        direction = vocabulary.directions.get(text) or vocabulary.directions.get(
            normalize_key(text)
        )
        if direction is None:
            names = ", ".join(f"«{name.lower()}»" for name in vocabulary.direction_names.values())
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
        levels, disabilities, slots = _related_of(ids)
        by_navigator, by_title = {}, {}
        for program in programs:
            program.imported_levels = sorted(levels.get(program.pk, []))
            program.imported_disabilities = sorted(disabilities.get(program.pk, []))
            program.imported_schedule = sorted(slots.get(program.pk, []))
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
        program.changed_fields = changed
        program.changed_related = changed_related
        headers = {self.header(FIELD_COLUMNS.get(name, name)) for name in changed if name}
        headers |= {self.header(key) for key in changed_related}
        self.result.outcomes.append(RowOutcome(number, action, program, sorted(headers)))

    def apply(self, program, parsed, organization):
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
        after_bulk_change([program.pk for program in new + updated])


def _related_state(program):
    return {
        "levels": list(program.imported_levels),
        "disability_types": list(program.imported_disabilities),
        "schedule": list(program.imported_schedule),
    }


def _related_of(program_ids):
    levels, disabilities, slots = {}, {}, {}
    if not program_ids:
        return levels, disabilities, slots
    through = Program.levels.through
    for program_id, level_id in _in_chunks(through, program_ids, "program_id", "level_id"):
        levels.setdefault(program_id, []).append(level_id)
    through = Program.disability_types.through
    for program_id, item_id in _in_chunks(through, program_ids, "program_id", "disabilitytype_id"):
        disabilities.setdefault(program_id, []).append(item_id)
    fields = ("program_id", "weekday", "starts_at", "ends_at", "group_name")
    for program_id, *slot in _in_chunks(ScheduleSlot, program_ids, *fields):
        slots.setdefault(program_id, []).append(tuple(slot))
    return levels, disabilities, slots


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


def _delete_for(model, program_ids, size=5000):
    for start in range(0, len(program_ids), size):
        model.objects.filter(program_id__in=program_ids[start : start + size]).delete()


def _free_slug(text, taken, model, fallback="item"):
    max_length = model._meta.get_field("slug").max_length
    base = slug_from_text(text, min(max_length, 80)) or fallback
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate


ORGANIZATION_FIELDS = [column.key for column in ORGANIZATION_COLUMNS]


class _OrganizationImport(_Import):
    target = ImportHeaderAlias.Target.ORGANIZATION
    columns = ORGANIZATION_COLUMNS
    required = ("short_name",)

    def check_rows(self):
        parsers = dict.fromkeys(ORGANIZATION_FIELDS, str)
        parsers.update(
            kind=lambda text: _choice_or_blank(text, Organization.Kind.choices, "тип организации"),
            department=lambda text: _choice_or_blank(
                text, Organization.Department.choices, "вид ведомства"
            ),
            locality=lambda text: _choice_or_blank(
                text, Organization.Locality.choices, "тип местности"
            ),
            inn=_digits,
            ogrn=_digits,
            is_active=lambda text: parse_bool(text) if text else True,
        )
        existing = list(Organization.objects.all())
        by_inn = {o.inn: o for o in existing if o.inn}
        by_name = {normalize_title(o.short_name): o for o in existing}
        seen = {}
        for number, values in self.table.rows:
            parsed, ok = self.parse(number, self.cells(values), parsers)
            if not parsed.get("short_name"):
                self.error(number, "short_name", "Укажите краткое наименование.")
                continue
            if ok:
                self.check_row(number, parsed, by_inn, by_name, seen)

    def check_row(self, number, parsed, by_inn, by_name, seen):
        name_key = normalize_title(parsed["short_name"])
        for key in (("inn", parsed.get("inn")), ("name", name_key)):
            if key[1] and key in seen:
                self.error(number, None, f"Строка повторяет строку {seen[key]}.")
                return
            if key[1]:
                seen[key] = number
        organization = by_inn.get(parsed.get("inn")) or by_name.get(name_key)
        if organization is None:
            if self.allowed_ids is not None:
                self.error(number, "short_name", "Добавлять организации могут только методисты.")
                return
            organization = Organization()
            action = NEW
        else:
            if self.allowed_ids is not None and organization.pk not in self.allowed_ids:
                self.error(number, "short_name", "Вы можете изменять только свою организацию.")
                return
            action = UPDATE
        before = {name: getattr(organization, name) for name in ORGANIZATION_FIELDS}
        for key, value in parsed.items():
            if value is not None:
                setattr(organization, key, value)
        if action == NEW and not organization.full_name:
            organization.full_name = organization.short_name
        if not self.validate(number, organization, exclude=["slug", "logo", "representatives"]):
            return
        changed = [n for n in ORGANIZATION_FIELDS if getattr(organization, n) != before[n]]
        if action == UPDATE and not changed:
            action = SKIP
        organization.changed_fields = changed
        headers = sorted(self.header(name) for name in changed)
        self.result.outcomes.append(RowOutcome(number, action, organization, headers))

    def write(self):
        outcomes = [o for o in self.result.outcomes if o.action != SKIP]
        new = [o.instance for o in outcomes if o.action == NEW]
        updated = [o.instance for o in outcomes if o.action == UPDATE]
        taken = set(Organization.objects.values_list("slug", flat=True))
        for organization in new:
            organization.slug = _free_slug(organization.short_name, taken, Organization)
        Organization.objects.bulk_create(new, batch_size=BATCH_SIZE)
        now = timezone.now()
        for organization in updated:
            organization.updated_at = now
        fields = sorted({name for o in updated for name in o.changed_fields})
        if updated:
            update_in_bulk(Organization, updated, [*fields, "updated_at"])
        # Programs carry their organization's names in their search text.
        renamed = [o.pk for o in updated if {"short_name", "full_name"} & set(o.changed_fields)]
        if renamed:
            after_bulk_change(
                list(
                    Program.objects.filter(organization_id__in=renamed).values_list("pk", flat=True)
                )
            )


def _choice_or_blank(text, choices, what):
    return parse_choice(text, choices, what) if text else None


def _digits(text):
    digits = "".join(ch for ch in text if not ch.isspace())
    if digits and not digits.isdigit():
        raise ValueError(f"«{text}» — здесь должны быть только цифры.")
    return digits


def preview_rows(result):
    """Rows for a preview table: line, what happens, the object, the columns that change."""
    for outcome in result.outcomes:
        instance = outcome.instance
        owner = getattr(instance, "organization", None)
        yield {
            "row": outcome.row,
            "action": outcome.action,
            "action_label": outcome.action_label,
            "name": str(instance),
            "organization": str(owner) if owner else "",
            "changed": ", ".join(outcome.changed),
        }

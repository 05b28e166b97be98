"""What every import shares: the result, row errors, finding the header, the base importer."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from moc_portal.core.addresses import unique_slug

from ...permissions import managed_organizations
from ..import_columns.columns import ORGANIZATION_COLUMNS, match_headers
from ..import_files import Table

BATCH_SIZE = 1000
NEW, UPDATE, SKIP = "new", "update", "skip"
ACTION_LABELS = {NEW: "Новая", UPDATE: "Изменится", SKIP: "Без изменений"}


# Which file column a model field's error belongs to.
FIELD_COLUMNS = {
    "navigator_url": "navigator_id",  # both come from the Навигатор's column
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


def _free_slug(text, taken, model):
    """A slug for a new row that is neither reserved nor in `taken` (which it joins)."""
    max_length = min(model._meta.get_field("slug").max_length, 80)
    return unique_slug(taken, text, max_length=max_length, fallback=model._meta.model_name)


ORGANIZATION_FIELDS = [column.key for column in ORGANIZATION_COLUMNS]


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

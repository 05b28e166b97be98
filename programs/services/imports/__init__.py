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

from django.db import DatabaseError, transaction

from .. import analyze_catalogue
from ..import_files import ImportFileError, Table, read_table
from .organization_rows import _OrganizationImport
from .program_rows import _ProgramImport
from .rows import (
    ACTION_LABELS,
    NEW,
    UPDATE,
    ImportResult,
    RowError,
    RowOutcome,
    preview_rows,
)

__all__ = [
    "ACTION_LABELS",
    "ImportResult",
    "RowError",
    "RowOutcome",
    "import_organizations",
    "import_programs",
    "preview_rows",
]

# From this many written rows on, PostgreSQL's statistics are refreshed after the import.
ANALYZE_AFTER_ROWS = 500


def import_programs(source, *, user=None, dry_run=False, filename=""):
    """Import programs from a Table, or the bytes or the path of an XLSX/CSV file."""
    return _run(_ProgramImport, source, user=user, dry_run=dry_run, filename=filename)


def import_organizations(source, *, user=None, dry_run=False, filename=""):
    """Import organizations from a Table, or the bytes or the path of an XLSX/CSV file."""
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

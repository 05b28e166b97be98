"""django-import-export's face of the import service: the admin's import, preview and export.

The library brings the admin screens (upload, preview, confirm, export with the changelist's
filters); the work is done by programs.services.imports, the same functions the
`import_programs` command calls. So these classes only translate: a file into a Table
(SpreadsheetFormat), the service's ImportResult into the library's Result (ImportPreview),
and our export rows into the library's Dataset.
"""

import tablib
from import_export import resources
from import_export.fields import Field
from import_export.formats.base_formats import Format
from import_export.results import Result, RowResult

from .models import Organization, Program
from .services.export_rows import (
    ORGANIZATION_HEADERS,
    PROGRAM_HEADERS,
    organization_rows,
    program_rows,
    rows_to_csv,
    rows_to_xlsx,
)
from .services.import_files import ImportFileError, Table, read_table
from .services.imports import import_organizations, import_programs, preview_rows

# The admin shows this many rows of a preview; the counts cover the whole file.
PREVIEW_ROWS = 500
ERROR_ROWS = 2000


class SpreadsheetFormat(Format):
    """One upload format for XLSX and CSV: the file's content says which it is."""

    def __init__(self, encoding=None, **kwargs):
        # The library passes its text encoding; CSV encodings are recognized from the bytes.
        super().__init__()

    def get_title(self):
        return "Excel (XLSX) или CSV"

    def can_import(self):
        return True

    def create_dataset(self, in_stream):
        content = in_stream if isinstance(in_stream, bytes) else in_stream.encode("utf-8")
        table = read_table(content)
        if not table.rows:
            raise ImportFileError("В файле только заголовок, строк с данными нет.")
        width = max(len(table.header), *(len(values) for _, values in table.rows))
        dataset = tablib.Dataset(
            *(_padded(values, width) for _, values in table.rows),
            headers=[
                header or f"(колонка {n})"
                for n, header in enumerate(_padded(table.header, width), 1)
            ],
        )
        dataset.import_table = table  # keeps the file's line numbers for the error list
        return dataset


def _padded(values, width):
    return list(values) + [""] * (width - len(values))


class XLSXExport(Format):
    """XLSX through the portal's safe writer: text starting with = stays text."""

    def get_title(self):
        return "xlsx"

    def get_extension(self):
        return "xlsx"

    def get_content_type(self):
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def can_export(self):
        return True

    def export_data(self, dataset, **kwargs):
        return rows_to_xlsx([dataset.headers, *dataset], dataset.title or "Данные")


class CSVExport(Format):
    """UTF-8 CSV with `;` and a BOM; formula-like text gets a leading ' (the import drops it)."""

    def get_title(self):
        return "csv"

    def get_extension(self):
        return "csv"

    def get_content_type(self):
        return "text/csv"

    def can_export(self):
        return True

    def export_data(self, dataset, **kwargs):
        return rows_to_csv([dataset.headers, *dataset])


class ImportPreview(Result):
    """The service's ImportResult in the shape the library's admin views expect."""

    def __init__(self, outcome):
        super().__init__()
        self.outcome = outcome
        for item in outcome.outcomes:
            row = RowResult()
            row.import_type = item.action
            row.instance = item.instance
            if not outcome.dry_run:
                row.add_instance_info(item.instance)
            self.append_row_result(row)
            self.increment_row_result_total(row)

    def has_validation_errors(self):
        return not self.outcome.ok

    def errors(self):
        return self.outcome.errors[:ERROR_ROWS]

    def hidden_errors(self):
        return max(0, len(self.outcome.errors) - ERROR_ROWS)

    def preview(self):
        """Rows that change first (new and updated), then the skipped ones, at most PREVIEW_ROWS."""
        rows = sorted(preview_rows(self.outcome), key=lambda row: row["action"] == "skip")
        return rows[:PREVIEW_ROWS]

    def hidden_rows(self):
        return max(0, len(self.outcome.outcomes) - PREVIEW_ROWS)


class _ServiceResource(resources.Resource):
    """A resource whose import and export are the service's functions."""

    import_function = None  # staticmethod(service function)
    headers = ()
    row_function = None  # staticmethod: queryset -> header row, then rows
    title = ""

    def __init__(self, **kwargs):
        super().__init__()

    @classmethod
    def get_display_name(cls):
        return cls.title

    def get_user_visible_fields(self):
        return [Field(column_name=header) for header in self.headers]

    def import_data(self, dataset, dry_run=False, **kwargs):
        table = getattr(dataset, "import_table", None) or Table(
            header=list(dataset.headers or []),
            rows=[(number, list(values)) for number, values in enumerate(dataset, start=2)],
        )
        outcome = self.import_function(table, user=kwargs.get("user"), dry_run=dry_run)
        return ImportPreview(outcome)

    def export(self, queryset=None, **kwargs):
        rows = self.row_function(queryset)
        dataset = tablib.Dataset(headers=next(rows), title=self.title)
        for row in rows:
            dataset.append(row)
        return dataset


class ProgramResource(_ServiceResource):
    import_function = staticmethod(import_programs)
    row_function = staticmethod(program_rows)
    headers = PROGRAM_HEADERS
    title = "Программы"

    class Meta:
        model = Program
        name = "Программы"


class OrganizationResource(_ServiceResource):
    import_function = staticmethod(import_organizations)
    row_function = staticmethod(organization_rows)
    headers = ORGANIZATION_HEADERS
    title = "Организации"

    class Meta:
        model = Organization
        name = "Организации"

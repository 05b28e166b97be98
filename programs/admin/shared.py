"""What the catalogue's admins share: their slug forms and the spreadsheet import/export."""

from django import forms
from django.contrib import messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.shortcuts import redirect
from django.utils import timezone
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm, ImportForm

from moc_portal.core.addresses import AutoSlugForm

from ..resources import (
    CSVExport,
    SpreadsheetFormat,
    XLSXExport,
)
from ..services.import_files import MAX_UPLOAD_BYTES, ImportFileError


# No Meta: ModelAdmin.get_form() supplies the model and the fields of the fieldsets.
class OrganizationAdminForm(AutoSlugForm):
    slug_source = "short_name"


class ProgramAdminForm(AutoSlugForm):
    slug_source = "title"


class UploadForm(ImportForm):
    """The import form with the upload's limits checked before the file is read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["import_file"].help_text = (
            "Таблица Excel (XLSX) или CSV в кодировке UTF-8 или Windows-1251, "
            f"до {MAX_UPLOAD_BYTES // 1024 // 1024} МБ. Первая строка — названия колонок. "
            "Сначала будет показано, что изменится; сохраняется только после подтверждения."
        )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"Файл больше {MAX_UPLOAD_BYTES // 1024 // 1024} МБ: разделите его на части."
            )
        return upload


class SpreadsheetImportExport(ImportExportMixin):
    """Import with a preview and export in the same columns, through programs.services.imports.

    Importing needs the rights to add and to change; a representative's rows are limited to
    their organizations by the service. Exporting exports what the changelist shows.
    """

    import_formats = [SpreadsheetFormat]
    export_formats = [XLSXExport, CSVExport]
    import_form_class = UploadForm
    export_form_class = ExportForm
    import_template_name = "admin/programs/import.html"

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_or_change_permission(request)

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
        else:
            form.add_error("import_file", "Файл не читается: загрузите XLSX или CSV.")

    def process_result(self, result, request):
        # The file is read again on confirmation: if it no longer imports cleanly
        # (someone changed the catalogue meanwhile), nothing was saved; say why.
        if not result.outcome.ok:
            for error in result.outcome.errors[:10]:
                where = f"Строка {error.row}: " if error.row else ""
                messages.error(request, f"{where}{error.message}")
            messages.error(request, "Ничего не сохранено. Загрузите файл ещё раз.")
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_import")
        return super().process_result(result, request)

    def generate_log_entries(self, result, request):
        """The admin history of every added and changed object, in Russian, in two queries."""
        for action, flag, message in (
            ("new", ADDITION, "Добавлено загрузкой из файла."),
            ("update", CHANGE, "Изменено загрузкой из файла."),
        ):
            instances = [row.instance for row in result if row.import_type == action]
            if instances:
                LogEntry.objects.log_actions(
                    request.user.pk, instances, flag, change_message=message
                )

    def add_success_message(self, result, request):
        messages.success(request, f"Импорт завершён. {result.outcome.summary()}")

    def get_export_filename(self, request, queryset, file_format):
        name = self.model._meta.model_name
        return f"{name}s-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

"""What the catalogue's admins share: their slug forms, the export and the link to the import.

The import itself (upload, preview, confirm, background work) is the portal's own page,
programs.import_views; the changelist links to it. The export writes what the changelist
shows (its filters and search) in the import's columns, so a file exported, edited and
imported again changes only what was edited.
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone

from moc_portal.core.addresses import AutoSlugForm
from moc_portal.core.spreadsheets import XLSX_CONTENT_TYPE
from moc_portal.core.uploads import attachment_response

from ..permissions import can_import
from ..services.export_rows import rows_to_csv, rows_to_xlsx

EXPORT_FORMATS = {"xlsx": XLSX_CONTENT_TYPE, "csv": "text/csv; charset=utf-8"}


# No Meta: ModelAdmin.get_form() supplies the model and the fields of the fieldsets.
class OrganizationAdminForm(AutoSlugForm):
    slug_source = "short_name"


class ProgramAdminForm(AutoSlugForm):
    slug_source = "title"


class SpreadsheetTransfer:
    """«Загрузить из файла» and «Выгрузить» on the changelist.

    Importing needs the rights to add and to change (programs.permissions.can_import);
    exporting, the right to view. `export_rows(queryset)` yields the header, then the rows.
    """

    change_list_template = "admin/programs/change_list_transfer.html"
    export_rows = None  # staticmethod
    export_title = ""

    def get_urls(self):
        opts = self.model._meta
        export = path(
            "export.<str:file_format>",
            self.admin_site.admin_view(self.export_view),
            name=f"{opts.app_label}_{opts.model_name}_export",
        )
        return [export, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        opts = self.model._meta
        extra_context = {
            **(extra_context or {}),
            "export_url_name": f"admin:{opts.app_label}_{opts.model_name}_export",
            "import_url": (
                reverse("programs:import_upload", args=[f"{opts.model_name}s"])
                if can_import(request.user, opts.model_name)
                else None
            ),
        }
        return super().changelist_view(request, extra_context)

    def export_view(self, request, file_format):
        if file_format not in EXPORT_FORMATS:
            raise Http404
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        rows = self.export_rows(changelist.queryset)
        if file_format == "xlsx":
            content = rows_to_xlsx(rows, self.export_title)
        else:
            content = rows_to_csv(rows)
        name = f"{self.model._meta.model_name}s-{timezone.localdate():%Y-%m-%d}.{file_format}"
        return attachment_response(content, name, EXPORT_FORMATS[file_format])

"""The admin site of the portal: its titles, and a first page that shows what waits for whom."""

from django.contrib import admin

from . import staff_home


class PortalAdminSite(admin.AdminSite):
    site_header = "МОЦ: рабочее место"
    site_title = "МОЦ"
    index_title = "Управление порталом"
    index_template = "admin/staff_home.html"

    def index(self, request, extra_context=None):
        home = {
            "role_title": staff_home.role_title(request.user),
            "sections": staff_home.sections_for(request.user),
        }
        return super().index(request, {**home, **(extra_context or {})})

"""The admin site of the portal: its titles, and a first page that shows what waits for whom."""

from django.contrib import admin

from . import staff_home
from .core.admin_wording import RussianWording


class PortalAdminSite(admin.AdminSite):
    site_header = "МОЦ: рабочее место"
    site_title = "МОЦ"
    index_title = "Управление порталом"
    index_template = "admin/staff_home.html"

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every model's admin speaks correct Russian (core.admin_wording), third-party too."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, RussianWording):
            admin_class = type(
                admin_class.__name__,
                (RussianWording, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def index(self, request, extra_context=None):
        home = {
            "role_title": staff_home.role_title(request.user),
            "sections": staff_home.sections_for(request.user),
        }
        return super().index(request, {**home, **(extra_context or {})})

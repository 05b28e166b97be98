from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate


class MocPortalConfig(AppConfig):
    default = True  # the admin's config below lives in this module too
    name = "moc_portal"
    verbose_name = "Сайт МОЦ"

    def ready(self):
        from . import checks, lockout, signals  # noqa: F401 (they register on import)
        from .core import statement_timeout  # noqa: F401 (connects the deadline to new connections)
        from .roles import ensure_staff_groups_after_migrate

        # Third-party sections named in Russian (an app's verbose_name is not in migrations).
        self.apps.get_app_config("axes").verbose_name = "Попытки входа"
        post_migrate.connect(
            ensure_staff_groups_after_migrate, dispatch_uid="moc_portal:ensure_staff_groups"
        )


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's site (moc_portal.admin_site) as admin.site."""

    default = False  # moc_portal itself is MocPortalConfig
    default_site = "moc_portal.admin_site.PortalAdminSite"

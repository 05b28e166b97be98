from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MocPortalConfig(AppConfig):
    name = "moc_portal"
    verbose_name = "Сайт МОЦ"

    def ready(self):
        from . import checks, lockout, signals  # noqa: F401 (they register on import)
        from .core import statement_timeout  # noqa: F401 (connects the deadline to new connections)
        from .roles import ensure_staff_groups_after_migrate

        post_migrate.connect(
            ensure_staff_groups_after_migrate, dispatch_uid="moc_portal:ensure_staff_groups"
        )

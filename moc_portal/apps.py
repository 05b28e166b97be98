from django.apps import AppConfig


class MocPortalConfig(AppConfig):
    name = "moc_portal"
    verbose_name = "Сайт МОЦ"

    def ready(self):
        from . import signals  # noqa: F401

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "moc_portal.api"
    label = "api"
    verbose_name = "Открытый API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import deletions

        deletions.connect()

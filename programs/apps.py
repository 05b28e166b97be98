from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programs"
    verbose_name = "Каталог программ"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Direction, Level
        from .selectors.closed_lists import forget_closed_lists

        for model in (Direction, Level):
            post_save.connect(forget_closed_lists, sender=model, dispatch_uid=f"lists-{model}")
            post_delete.connect(forget_closed_lists, sender=model, dispatch_uid=f"lists-d-{model}")

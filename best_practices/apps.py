from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class BestPracticesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "best_practices"
    verbose_name = "Лучшие практики"

    def ready(self):
        from programs.models import Organization, organizations_renamed

        from .services.saving import follow_organization, follow_renamed, forget_organization

        # A practice's search text holds its organization's short name (see the receiver).
        post_save.connect(
            follow_organization, sender=Organization, dispatch_uid="best_practices_follow_org"
        )
        organizations_renamed.connect(follow_renamed, dispatch_uid="best_practices_follow_renamed")
        post_delete.connect(
            forget_organization, sender=Organization, dispatch_uid="best_practices_forget_org"
        )

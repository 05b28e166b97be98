from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programs"
    verbose_name = "Каталог программ"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import program_changes
        from .models import Direction, Level, RelatedWords, Settlement
        from .search_vocabulary import forget_search_vocabulary
        from .selectors.closed_lists import forget_closed_lists

        def forget_related_words(**kwargs):
            forget_search_vocabulary()

        post_save.connect(
            forget_related_words, sender=RelatedWords, weak=False, dispatch_uid="related-words"
        )
        post_delete.connect(
            forget_related_words, sender=RelatedWords, weak=False, dispatch_uid="related-d"
        )

        for model in (Direction, Level, Settlement):
            post_save.connect(forget_closed_lists, sender=model, dispatch_uid=f"lists-{model}")
            post_delete.connect(forget_closed_lists, sender=model, dispatch_uid=f"lists-d-{model}")

        program_changes.connect()

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from .core.cache import cache_delete
from .core.page_cache import content_changed
from .models import SiteSettings

# What anonymous pages show: a save or delete of any of these outdates every kept page.
# Bulk writes (queryset update, bulk_create) send no signal: their services call
# content_changed() themselves.
PAGE_CONTENT_APPS = ("programs", "events", "best_practices", "consultations")
# A revision waits for review: the public pages show the published version until it is applied.
NOT_PAGE_CONTENT = {
    "programs.ImportBatch",
    "programs.ImportHeaderAlias",
    "programs.ProgramRevision",
}


def forget_cached_site_settings(**kwargs):
    cache_delete(SiteSettings.cache_key())


def public_content_changed(**kwargs):
    content_changed()


def _page_content_models():
    yield SiteSettings
    for label in PAGE_CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label not in NOT_PAGE_CONTENT and not model.__name__.startswith(
                "Historical"
            ):
                yield model


post_delete.connect(forget_cached_site_settings, sender=SiteSettings)
for _model in _page_content_models():
    post_save.connect(public_content_changed, sender=_model, weak=False)
    post_delete.connect(public_content_changed, sender=_model, weak=False)
    for _field in _model._meta.local_many_to_many:
        m2m_changed.connect(public_content_changed, sender=_field.remote_field.through, weak=False)

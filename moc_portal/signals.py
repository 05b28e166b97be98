from django.db.models.signals import post_delete

from .models import SiteSettings


def forget_cached_site_settings(**kwargs):
    from django.core.cache import cache

    cache.delete(SiteSettings.CACHE_KEY)


post_delete.connect(forget_cached_site_settings, sender=SiteSettings)

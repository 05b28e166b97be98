from django.db.models.signals import post_delete

from .core.cache import cache_delete
from .models import SiteSettings


def forget_cached_site_settings(**kwargs):
    cache_delete(SiteSettings.cache_key())


post_delete.connect(forget_cached_site_settings, sender=SiteSettings)

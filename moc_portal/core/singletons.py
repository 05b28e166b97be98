"""Settings kept as one database row that staff edit in the admin (site, monitoring, …)."""

from django.db import models

from .cache import cache_delete, cached

CACHE_SECONDS = 60 * 60


class SingletonModel(models.Model):
    """One row with pk 1, read through the cache (every page may need it), never deleted."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache_delete(self.cache_key())

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        cache_delete(self.cache_key())
        return result

    @classmethod
    def cache_key(cls):
        return f"singleton:{cls._meta.label_lower}"

    @classmethod
    def load(cls):
        return cached(cls.cache_key(), CACHE_SECONDS, lambda: cls.objects.get_or_create(pk=1)[0])

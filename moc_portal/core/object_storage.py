"""The media storage on S3-compatible object storage (django-storages), keeping the media
layout: names under `public/` get plain links (the bucket's policy lets anyone read `public/*`,
deploy/README.md), every other name — private documents — a signed link that expires after
MEDIA_STORAGE_URL's signed_url_seconds, or is streamed by the app's own views (storage.open)."""

from storages.backends.s3 import S3Storage
from storages.utils import clean_name

PUBLIC_PREFIX = "public/"


class MediaStorage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        if not clean_name(name).startswith(PUBLIC_PREFIX):
            return super().url(name, parameters, expire, http_method)
        url = self.unsigned_connection.meta.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket.name, "Key": self._normalize_name(clean_name(name))},
        )
        return url.split("?", 1)[0]  # unsigned: no query string is needed

"""MEDIA_STORAGE_URL: uploads on S3-compatible object storage (Yandex Object Storage, VK Cloud,
Selectel, MinIO …) instead of MEDIA_ROOT, read without importing boto3 (settings use it).

    MEDIA_STORAGE_URL=s3://BUCKET?endpoint_url=https://storage.yandexcloud.net&region=ru-central1
    MEDIA_STORAGE_ACCESS_KEY=…   MEDIA_STORAGE_SECRET_KEY=…

Query options: endpoint_url (required outside AWS), region, addressing_style (path|virtual),
signed_url_seconds (how long a private file's link works, default 300), location (a prefix
inside the bucket).
"""

from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ImproperlyConfigured

BACKEND = "moc_portal.core.object_storage.MediaStorage"
KNOWN = {"endpoint_url", "region", "addressing_style", "signed_url_seconds", "location"}


def storage_options(url, access_key="", secret_key=""):
    """`STORAGES["default"]` for the URL: {"BACKEND": …, "OPTIONS": {…}}."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ImproperlyConfigured(f"MEDIA_STORAGE_URL must be s3://BUCKET?…, not «{url}»")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = set(query) - KNOWN
    if unknown:
        raise ImproperlyConfigured(f"MEDIA_STORAGE_URL: unknown options {sorted(unknown)}")
    if not (access_key and secret_key):
        raise ImproperlyConfigured(
            "MEDIA_STORAGE_URL needs MEDIA_STORAGE_ACCESS_KEY and MEDIA_STORAGE_SECRET_KEY"
        )
    options = {
        "bucket_name": parts.netloc,
        "access_key": access_key,
        "secret_key": secret_key,
        "endpoint_url": query.get("endpoint_url"),
        "region_name": query.get("region"),
        "addressing_style": query.get("addressing_style", "path"),
        "signature_version": "s3v4",
        # Private by default: an object is readable only through a signed link or the app.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": int(query.get("signed_url_seconds", "300")),
        "file_overwrite": False,
        "location": query.get("location", "").strip("/"),
    }
    return {"BACKEND": BACKEND, "OPTIONS": {k: v for k, v in options.items() if v is not None}}


def public_read_policy(bucket, location=""):
    """The bucket policy that lets anyone read `public/*` and nothing else (deploy/README.md:
    apply it once with the provider's console or `aws s3api put-bucket-policy`)."""
    import json

    prefix = f"{location.strip('/')}/public/*" if location.strip("/") else "public/*"
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "PublicUploadsOnly",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{bucket}/{prefix}",
                }
            ],
        }
    )

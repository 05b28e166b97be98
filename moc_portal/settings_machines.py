"""Settings for more than one machine (issue 23), applied to the settings module's namespace:
a streaming read replica (DATABASE_REPLICA_URL), uploads on S3-compatible object storage
(MEDIA_STORAGE_URL), Redis behind Sentinel (REDIS_SENTINELS). Each only when its variable is
set; with none of them the embedded default and the single-machine setup are unchanged."""

import dj_database_url


def apply_several_machines(settings, environ):
    """Change `settings` (the settings module's globals()) for the variables set in `environ`."""
    _read_replica(settings, environ)
    _object_storage(settings, environ)
    _redis_sentinel(settings, environ)


def _read_replica(settings, environ):
    """A streaming replica of the primary for anonymous public reads (core/replica.py)."""
    settings["DATABASE_REPLICA_URL"] = url = environ.get("DATABASE_REPLICA_URL", "")
    settings["REPLICA_MAX_LAG_SECONDS"] = float(environ.get("REPLICA_MAX_LAG_SECONDS", "5"))
    settings["REPLICA_CHECK_SECONDS"] = float(environ.get("REPLICA_CHECK_SECONDS", "2"))
    settings["REPLICA_PIN_SECONDS"] = int(environ.get("REPLICA_PIN_SECONDS", "15"))
    if not url:
        return
    databases = settings["DATABASES"]
    databases["replica"] = dj_database_url.parse(
        url, conn_max_age=databases["default"]["CONN_MAX_AGE"], conn_health_checks=True
    )
    databases["replica"]["TEST"] = {"MIRROR": "default"}
    settings["DATABASE_ROUTERS"] = ["moc_portal.core.replica.ReplicaRouter"]
    middleware = settings["MIDDLEWARE"]
    middleware.insert(
        middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "moc_portal.core.replica.ReplicaMiddleware",
    )


def _object_storage(settings, environ):
    """Uploads on S3-compatible object storage, shared by several web hosts instead of a disk
    (core/storage_url.py says the format)."""
    settings["MEDIA_STORAGE_URL"] = url = environ.get("MEDIA_STORAGE_URL", "")
    if not url:
        return
    from moc_portal.core.storage_url import storage_options

    settings["STORAGES"]["default"] = storage_options(
        url,
        environ.get("MEDIA_STORAGE_ACCESS_KEY", ""),
        environ.get("MEDIA_STORAGE_SECRET_KEY", ""),
    )


def _redis_sentinel(settings, environ):
    """Broker, results and cache follow the master Sentinel names (core/redis_sentinel.py)."""
    if not environ.get("REDIS_SENTINELS"):
        return
    from moc_portal.core.redis_sentinel import sentinel_settings_from_environment

    sentinel = sentinel_settings_from_environment(environ)
    settings["CELERY_BROKER_TRANSPORT_OPTIONS"].update(sentinel.pop("broker_transport_options"))
    settings.update(sentinel)  # REDIS_URL, CELERY_*, CACHES, DJANGO_REDIS_CONNECTION_FACTORY

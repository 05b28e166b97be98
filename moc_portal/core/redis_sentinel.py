"""Redis behind Sentinel, for the Celery broker, its results and the cache, when
REDIS_SENTINELS is set (several hosts; Sentinel promotes a replica when the master fails).

    REDIS_SENTINELS=10.0.0.11:26379,10.0.0.12:26379,10.0.0.13:26379
    REDIS_SENTINEL_MASTER=moc          (the name in sentinel.conf's `sentinel monitor`)
    REDIS_DB=0   REDIS_PASSWORD=…   REDIS_SENTINEL_PASSWORD=…   (optional)

Celery speaks Sentinel itself (kombu's `sentinel://` transport, `master_name` in the transport
options). Django's built-in Redis cache backend cannot: it builds its pools with
`ConnectionPool.from_url` and redis-py's SentinelConnectionPool has no URL form, so the cache
uses django-redis's SentinelClient here (a maintained engine, not code of ours); without
Sentinel the built-in backend stays.
"""

from django.core.exceptions import ImproperlyConfigured


def parse_sentinels(text):
    """ "h1:26379,h2" -> [("h1", 26379), ("h2", 26379)]."""
    sentinels = []
    for entry in (item.strip() for item in text.split(",")):
        if not entry:
            continue
        host, _, port = entry.rpartition(":") if ":" in entry else (entry, "", "26379")
        try:
            sentinels.append((host.strip("[]"), int(port)))
        except ValueError:
            raise ImproperlyConfigured(f"REDIS_SENTINELS: «{entry}» is not host:port") from None
    if not sentinels:
        raise ImproperlyConfigured("REDIS_SENTINELS lists no sentinel")
    return sentinels


def sentinel_settings(sentinels, master, *, db=0, password="", sentinel_password="", prefix="moc"):
    """The settings that replace the single-Redis ones: REDIS_URL (a marker: "Redis is
    configured"), CELERY_BROKER_URL, CELERY_RESULT_BACKEND, their transport options, CACHES."""
    if not master:
        raise ImproperlyConfigured("REDIS_SENTINELS needs REDIS_SENTINEL_MASTER")
    hosts = parse_sentinels(sentinels)
    auth = f":{password}@" if password else ""
    url = ";".join(f"sentinel://{auth}{host}:{port}/{db}" for host, port in hosts)
    transport = {"master_name": master}
    if sentinel_password:
        transport["sentinel_kwargs"] = {"password": sentinel_password}
    cache_options = {
        "CLIENT_CLASS": "django_redis.client.SentinelClient",
        "CONNECTION_POOL_CLASS": "redis.sentinel.SentinelConnectionPool",
        "SENTINELS": hosts,
        "SOCKET_CONNECT_TIMEOUT": 1,
        "SOCKET_TIMEOUT": 2,
    }
    if password:
        cache_options["PASSWORD"] = password
    if sentinel_password:
        cache_options["SENTINEL_KWARGS"] = {"password": sentinel_password}
    return {
        "REDIS_URL": url,
        "CELERY_BROKER_URL": url,
        "CELERY_RESULT_BACKEND": url,
        "CELERY_TASK_ALWAYS_EAGER": False,
        "broker_transport_options": transport,
        "CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS": dict(transport),
        "CACHES": {
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": f"redis://{master}/{db}",
                "KEY_PREFIX": prefix,
                "OPTIONS": cache_options,
            }
        },
        "DJANGO_REDIS_CONNECTION_FACTORY": "django_redis.pool.SentinelConnectionFactory",
    }


def sentinel_settings_from_environment(environ):
    return sentinel_settings(
        environ["REDIS_SENTINELS"],
        environ.get("REDIS_SENTINEL_MASTER", ""),
        db=int(environ.get("REDIS_DB", "0")),
        password=environ.get("REDIS_PASSWORD", ""),
        sentinel_password=environ.get("REDIS_SENTINEL_PASSWORD", ""),
        prefix=environ.get("CACHE_KEY_PREFIX", "moc"),
    )

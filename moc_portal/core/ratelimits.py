"""Rate limits: at most `count` requests of one kind from one client per `window` seconds.

    QUESTIONS = RateLimit("question", count=5, window=60 * 60)
    if QUESTIONS.exceeded_by(request):      # counts this request, keyed by the client's address
        return too_many_requests(request, QUESTIONS)

`RateLimit.exceeded(key)` does the same for any other key (an e-mail, a token).

Each request is one atomic increment of a counter per (limit, key, window): in Redis when it is
configured and answers, otherwise in the database (`INSERT … ON CONFLICT DO UPDATE … RETURNING`),
so a limit holds across the server's processes and during a Redis outage. Windows are fixed
(aligned to the Unix epoch): at most `count` per window, a burst across a window's edge may pass
twice that. Refused requests are counted too: a client that keeps knocking stays refused until
its window ends. When Redis stops in the middle of a window, the database starts that window's
count afresh: once per outage, at most `count` more requests pass.

Neither Redis nor the database keeps the key itself: an address with the time of its window is
personal data (152-ФЗ), so every key is stored as a keyed digest (HMAC-SHA256 with a key
derived from SECRET_KEY), which counts the same and cannot be turned back into the address.
"""

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.shortcuts import render
from django.utils.crypto import salted_hmac

from moc_portal.models import RateLimitCount

from .cache import cache_increment
from .client_address import client_address
from .text import plural

KEY_SALT = "moc_portal.core.ratelimits.key"
STORED_KEY_LENGTH = 32  # hex digits of the digest: 128 bits, plenty to tell clients apart


def _now():
    return time.time()


@dataclass(frozen=True)
class RateLimit:
    name: str  # a short word, part of the counter's key: "question", "programs-export"
    count: int  # requests allowed per window
    window: int  # seconds

    def exceeded(self, key):
        """Counts one request of `key`; True when it is over the limit (refuse it)."""
        return self.hit(key) > self.count

    def exceeded_by(self, request):
        """Counts one request of the client (its address behind the trusted proxy)."""
        return self.exceeded(client_address(request) or "unknown")

    def hit(self, key):
        """Counts one request of `key` and returns how many it made in this window."""
        now = _now()
        window_start = int(now // self.window) * self.window
        key = _stored_key(key)
        if settings.REDIS_URL:
            counted = cache_increment(
                f"ratelimit:{self.name}:{window_start}:{key}", self.window + 1
            )
            if counted is not None:
                return counted
        return _count_in_database(self.name, key, window_start, window_start + self.window, now)

    def retry_after(self):
        """Seconds until the current window ends."""
        return max(1, math.ceil(self.window - _now() % self.window))


def _stored_key(key):
    """The key's keyed digest: the same for the same key, never the address or e-mail itself
    (a plain digest of an IPv4 address could be reversed by trying all 2³² of them)."""
    digest = salted_hmac(KEY_SALT, str(key), algorithm="sha256").hexdigest()
    return digest[:STORED_KEY_LENGTH]


def _count_in_database(name, key, window_start, expires, now):
    quote = connection.ops.quote_name
    table, key_column, count = quote(RateLimitCount._meta.db_table), quote("key"), quote("count")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (name, {key_column}, window_start, expires, {count}) "
            "VALUES (%s, %s, %s, %s, 1) "
            f"ON CONFLICT (name, {key_column}, window_start) "
            f"DO UPDATE SET {count} = {table}.{count} + 1 RETURNING {count}",
            [name, key, window_start, expires],
        )
        counted = cursor.fetchone()[0]
    if counted == 1:  # a new window: the ended ones are no longer needed
        RateLimitCount.objects.filter(expires__lt=int(now)).delete()
    return counted


def too_many_requests(request, limit, message=None):
    """The Russian 429 page in the site's design, with Retry-After."""
    minutes = math.ceil(limit.retry_after() / 60)
    response = render(
        request,
        "429.html",
        {"message": message, "retry_after": plural(minutes, "минуту", "минуты", "минут")},
        status=429,
    )
    response["Retry-After"] = str(limit.retry_after())
    return response

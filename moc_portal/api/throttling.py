"""Per-client rate limit of the API, counted by the kernel's RateLimit (Redis, or the database
when Redis is away) for the client's address behind the trusted proxy."""

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from moc_portal.core.ratelimits import RateLimit

WINDOW_SECONDS = 60


def api_limit():
    return RateLimit("api", count=settings.API_REQUESTS_PER_MINUTE, window=WINDOW_SECONDS)


class ClientRateThrottle(BaseThrottle):
    def allow_request(self, request, view):
        return not api_limit().exceeded_by(request)

    def wait(self):
        return api_limit().retry_after()

import logging

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from events.selectors import latest_news, next_events
from programs.selectors import direction_counts

logger = logging.getLogger(__name__)


def home(request):
    context = {
        "directions": direction_counts(),
        "events": next_events(3),
        "news": latest_news(3),
    }
    return render(request, "home.html", context)


def about(request):
    return render(request, "about.html")


def contacts(request):
    return render(request, "contacts.html")


@never_cache
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    problems = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        logger.exception("readiness: database unavailable")
        problems.append("database")
    if settings.REDIS_URL:
        try:
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
        except Exception:
            logger.exception("readiness: redis unavailable")
            problems.append("redis")
    if problems:
        return HttpResponse(
            "unavailable: " + ", ".join(problems), status=503, content_type="text/plain"
        )
    return HttpResponse("ok", content_type="text/plain")

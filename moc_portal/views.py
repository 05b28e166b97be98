import logging

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.db import connection, transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from events.selectors import latest_news, next_events
from programs.selectors import direction_counts

from .models import SiteSettings

# Files every page links to: a server started without `collectstatic` cannot render pages.
READINESS_STATIC_FILES = ("css/portal.css", "bootstrap/css/bootstrap.min.css")
READINESS_DB_TIMEOUT_MS = 2000

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
    if not _database_answers():
        problems.append("database")
    if not _static_manifest_complete():
        problems.append("static files")
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


def _database_answers():
    """Reads a real table: `SELECT 1` succeeds on a locked or unmigrated database."""
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL statement_timeout = {READINESS_DB_TIMEOUT_MS}")
            list(SiteSettings.objects.values_list("pk")[:1])
    except Exception:
        logger.exception("readiness: database unavailable")
        return False
    return True


def _static_manifest_complete():
    """With the hashed storage of production, the manifest `collectstatic` writes must exist."""
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return True
    try:
        for name in READINESS_STATIC_FILES:
            staticfiles_storage.stored_name(name)
    except Exception:
        logger.exception("readiness: static files not collected")
        return False
    return True

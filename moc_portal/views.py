import logging

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from programs.selectors import direction_counts

from .core import vision

logger = logging.getLogger(__name__)


def home(request):
    return render(request, "home.html", {"directions": direction_counts()})


def about(request):
    return render(request, "about.html")


def contacts(request):
    return render(request, "contacts.html")


def privacy(request):
    return render(request, "privacy.html")


@never_cache
def accessibility(request):
    """The version for the visually impaired without JavaScript: a link with a choice sets the
    cookie and leads back to the page it came from (same site only); without one, the page
    lists every setting."""
    if not any(name in request.GET for name in vision.PARAMETERS):
        return render(request, "accessibility.html")
    chosen = vision.from_request(request).with_choices(request.GET)
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("accessibility")
    response = HttpResponseRedirect(target)
    if chosen.enabled:
        response.set_cookie(
            vision.COOKIE_NAME,
            chosen.to_cookie(),
            max_age=vision.COOKIE_MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure(),
        )
    else:
        response.delete_cookie(vision.COOKIE_NAME, samesite="Lax")
    return response


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

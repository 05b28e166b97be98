import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.db import connection, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from events.selectors import latest_news, next_events
from programs.selectors import direction_counts

from . import tasks
from .core import questions, vision
from .core.antispam import rate_limited
from .forms import QuestionForm
from .models import SiteSettings

# «Задать вопрос»: at most this many questions from one address per hour.
QUESTIONS_PER_HOUR = 5

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
    form = QuestionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, "question", QUESTIONS_PER_HOUR, 3600):
            form.add_error(
                None, "С вашего адреса уже отправлено много вопросов. Попробуйте через час."
            )
            status = 429
        else:
            data = {
                name: form.cleaned_data[name]
                for name in ("name", "reply_by", "email", "phone", "text")
            }
            question = questions.ask_question(request, **data)
            transaction.on_commit(lambda: tasks.notify_question_received.delay(question.pk))
            messages.success(
                request, "Спасибо! Вопрос отправлен, мы ответим в ближайшие рабочие дни."
            )
            return redirect(reverse("contacts") + "#question")
    return render(request, "contacts.html", {"form": form}, status=status)


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

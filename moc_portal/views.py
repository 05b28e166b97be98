import logging
import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from events.selectors import founding_documents, latest_news, next_events
from programs.models import Program
from programs.selectors import direction_counts

from . import privacy as privacy_lists
from .core import questions, vision
from .core.page_cache import public_page
from .core.ratelimits import RateLimit
from .core.statement_timeout import is_statement_timeout, statement_deadline
from .core.uploads import public_file_response
from .forms import QuestionForm
from .models import SiteSettings

# «Задать вопрос»: at most five questions from one client address per hour.
QUESTIONS = RateLimit("question", count=5, window=60 * 60)

# Files every page links to: a server started without `collectstatic` cannot render pages.
READINESS_STATIC_FILES = ("css/portal.css", "bootstrap/css/bootstrap.min.css")
READINESS_REDIS_TIMEOUT = 1
RETRY_AFTER_TIMEOUT_SECONDS = 30

logger = logging.getLogger(__name__)


@public_page
def home(request):
    context = {
        "directions": direction_counts(),
        "events": next_events(3),
        "news": latest_news(3),
    }
    return render(request, "home.html", context)


@public_page
def about(request):
    return render(request, "about.html", {"founding_documents": founding_documents()})


@public_page
def contacts(request):
    form = QuestionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if QUESTIONS.exceeded_by(request):
            form.add_error(
                None, "С вашего адреса уже отправлено много вопросов. Попробуйте через час."
            )
            status = 429
        else:
            data = {
                name: form.cleaned_data[name]
                for name in ("name", "reply_by", "email", "phone", "text")
            }
            # The notification is queued in the outbox with the question: the page waits for
            # neither the mail server nor the broker.
            question = questions.ask_question(request, **data)
            messages.success(request, question_accepted_message(question))
            return redirect(reverse("contacts") + "#question")
    return render(request, "contacts.html", {"form": form}, status=status)


def question_accepted_message(question):
    if question.email:
        return f"Спасибо! Вопрос принят; ответ придёт на {question.email} в ближайшие рабочие дни."
    return f"Спасибо! Вопрос принят; мы позвоним по номеру {question.phone} в ближайшие дни."


@public_page
def privacy(request):
    return render(
        request,
        "privacy.html",
        {
            "forms": privacy_lists.FORMS,
            "consent_data": privacy_lists.CONSENT_DATA,
            "cookies": privacy_lists.cookies(),
            "mail_keep_days": settings.OUTBOX_KEEP_DAYS,
        },
    )


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


@require_safe
def public_media(request, path):
    """`/media/public/…` where no proxy serves it (the embedded default, or DEBUG off without
    nginx): images of public pages only, nosniff, their own content type."""
    return public_file_response(path)


@never_cache
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    """Ready: the catalogue answers within the web's statement timeout and the static files are
    collected. Redis is reported but does not decide: pages work without it (they read the
    database), so a balancer following this probe keeps the site in during a cache outage."""
    problems = []
    if not _database_answers():
        problems.append("database")
    if not _static_manifest_complete():
        problems.append("static files")
    lines = ["unavailable: " + ", ".join(problems)] if problems else ["ok"]
    if settings.REDIS_URL and not _redis_answers():
        lines.append("redis: degraded")
    return HttpResponse(
        "\n".join(lines), status=503 if problems else 200, content_type="text/plain"
    )


def _database_answers():
    """Reads the tables every page reads (the site settings, the catalogue) under the web's
    statement timeout: `SELECT 1` succeeds on a locked or unmigrated database."""
    try:
        with statement_deadline(connection, settings.DB_STATEMENT_TIMEOUT_SECONDS):
            list(SiteSettings.objects.values_list("pk")[:1])
            list(Program.objects.values_list("pk")[:1])
    except Exception:
        logger.exception("readiness: database unavailable")
        return False
    return True


class _RedisOutage:
    logged = False  # log the first failed probe of an outage, not one per probe


def _redis_answers():
    try:
        import redis

        if settings.REDIS_URL.startswith("sentinel://"):  # the master Sentinel names now
            from django_redis import get_redis_connection

            get_redis_connection("default").ping()
        else:
            redis.Redis.from_url(
                settings.REDIS_URL,
                socket_timeout=READINESS_REDIS_TIMEOUT,
                socket_connect_timeout=1,
            ).ping()
    except Exception as error:
        if not _RedisOutage.logged:
            logger.warning("readiness: redis unavailable, pages read the database: %s", error)
        _RedisOutage.logged = True
        return False
    _RedisOutage.logged = False
    return True


def server_error(request, template_name="500.html"):
    """handler500: the 500 page, except when the database gave up waiting (a statement past
    the statement timeout, a lock not granted): then the Russian 503 page, «try again»."""
    if is_statement_timeout(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_TIMEOUT_SECONDS)
        return response
    return defaults.server_error(request, template_name)


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

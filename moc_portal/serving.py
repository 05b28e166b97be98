"""What a serving process (gunicorn's web worker, the Celery worker) does once at start.

It refuses to serve with a weak SECRET_KEY when DEBUG is off (sessions, CSRF tokens and
password-reset links are signed with it), and gives its database connections the statement
timeout of its kind (`moc_portal.core.statement_timeout`). Management commands, migrations
and tests never come here, so they run with any key and without a deadline.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections

from .core import statement_timeout

MIN_SECRET_KEY_LENGTH = 50
MIN_SECRET_KEY_CHARACTERS = 5
# Keys that have been written in this project's docs, scripts and tests, and the usual
# placeholders: a server that finds one of them was started with a copied example.
KNOWN_DEFAULT_KEYS = frozenset(
    {
        "test-only-secret-key",
        "test-only",
        "fault-test-secret",
        "bench-only",
        "bench-only-secret-key",
        "x",
        "secret",
        "secret-key",
        "secret_key",
        "changeme",
        "change-me",
        "change_me",
        "please-change-me",
        "your-secret-key",
        "your-secret-key-here",
        "…",
        "...",
    }
)
INSECURE_PREFIXES = ("django-insecure", "replace-", "change-me", "changeme")


def weak_secret_key_reason(key):
    """Why `key` must not sign a production server's cookies, or "" when it may."""
    key = key or ""
    lowered = key.strip().lower()
    if lowered in KNOWN_DEFAULT_KEYS or lowered.startswith(INSECURE_PREFIXES):
        return "it is a known example or default key"
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return f"it has {len(key)} characters, fewer than {MIN_SECRET_KEY_LENGTH}"
    if len(set(key)) < MIN_SECRET_KEY_CHARACTERS:
        return f"it has fewer than {MIN_SECRET_KEY_CHARACTERS} different characters"
    return ""


def refuse_weak_secret_key():
    if settings.DEBUG:
        return
    reason = weak_secret_key_reason(settings.SECRET_KEY)
    if reason:
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak to serve with DEBUG off: {reason}. Generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )


def start(role):
    """`start("web")` in wsgi.py/asgi.py, `start("worker")` when a Celery worker or beat starts."""
    refuse_weak_secret_key()
    statement_timeout.serve_as(role)
    # A connection opened while the process was loading would lack the deadline.
    connections.close_all()

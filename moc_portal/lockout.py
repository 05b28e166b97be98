"""The login lockout (django-axes with an account throttle): what is counted, who waits, what
they read.

- django-axes locks the pair (account, client address) after AXES_FAILURE_LIMIT failures for
  AXES_COOLOFF_TIME: guessing from one address stops there, and nobody at another address is
  locked out by it.
- Against guessing spread over many addresses, `AccountThrottleBackend` slows one account down:
  past LOGIN_ACCOUNT_FREE_FAILURES failures within the cool-off (from any addresses), an attempt
  at the account must come LOGIN_ACCOUNT_FIRST_DELAY_SECONDS after the last failure, twice that
  after the next one, and so on up to LOGIN_ACCOUNT_MAX_DELAY_SECONDS. The failures are read from
  axes's own rows, so deleting them in the admin («Попытки доступа») or with
  `manage.py axes_reset_username NAME` lifts the pair lockout and the delay together. Attempts
  refused this way check no password and are not counted.
- A browser where the account has logged in before carries a signed cookie and skips the
  account's delay (not its own pair lockout): the owner at their usual computer is never kept
  waiting by someone else's guessing.
- Names are counted trimmed of spaces, as the login form trims them; case is kept (Django's
  usernames are case-sensitive, «Olga» is another account).
"""

import math
from datetime import timedelta

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone

from .core.client_address import client_address
from .core.text import plural

# django-axes keeps the typed name in a 255-character column; Django's usernames have at most
# 150. A longer name typed at /admin/login/ made PostgreSQL refuse the row (a 500, found by
# the fuzz test); no account has such a name, so cutting it loses nothing.
MAX_USERNAME_LENGTH = 150
DEVICE_COOKIE = "moc_login_device"
DEVICE_COOKIE_SALT = "moc_portal.lockout.device"
DEVICE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60
DEVICE_COOKIE_MAX_NAMES = 5


def counted_username(username):
    """The name an attempt is counted under: trimmed of spaces, cut to a username's length."""
    return None if username is None else str(username).strip()[:MAX_USERNAME_LENGTH]


def attempted_username(request, credentials):
    """AXES_USERNAME_CALLABLE: the username of a login attempt, as it is counted."""
    if credentials:
        username = credentials.get("username")
    else:
        username = getattr(request, "POST", {}).get("username")
    return counted_username(username)


def _cool_off():
    return get_cool_off() or timedelta(hours=1)


def account_wait_seconds(username, now=None):
    """How long an attempt at `username` must still wait (0: it may go ahead)."""
    now = now or timezone.now()
    failures = AccessAttempt.objects.filter(
        username=username, attempt_time__gte=now - _cool_off()
    ).aggregate(count=Sum("failures_since_start"), last=Max("attempt_time"))
    excess = (failures["count"] or 0) - settings.LOGIN_ACCOUNT_FREE_FAILURES
    if excess <= 0:
        return 0
    delay = min(
        settings.LOGIN_ACCOUNT_FIRST_DELAY_SECONDS * 2 ** min(excess - 1, 30),
        settings.LOGIN_ACCOUNT_MAX_DELAY_SECONDS,
    )
    return max(0, math.ceil((failures["last"] + timedelta(seconds=delay) - now).total_seconds()))


def pair_wait_seconds(username, address, now=None):
    """How long the pair (account, address) stays locked."""
    now = now or timezone.now()
    last = AccessAttempt.objects.filter(username=username, ip_address=address).aggregate(
        last=Max("attempt_time")
    )["last"]
    if last is None:
        return 0
    return max(0, math.ceil((last + _cool_off() - now).total_seconds()))


def remembered_usernames(request):
    """The accounts that have logged in from this browser (the signed device cookie)."""
    value = getattr(request, "COOKIES", {}).get(DEVICE_COOKIE)
    if not value:
        return []
    try:
        names = signing.loads(value, salt=DEVICE_COOKIE_SALT, max_age=DEVICE_COOKIE_MAX_AGE)
    except signing.BadSignature:
        return []
    return [name for name in names if isinstance(name, str)] if isinstance(names, list) else []


class AccountThrottleBackend:
    """Refuses, before any password is checked, an attempt at an account that must wait.
    It never logs anyone in (and so has no get_user(): Django would pick it for sessions)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        name = counted_username(username)
        if request is None or not name or name in remembered_usernames(request):
            return None
        wait = account_wait_seconds(name)
        if wait:
            # axes then records nothing for this attempt and answers with lockout_response.
            request.axes_locked_out = True
            request.login_wait_seconds = wait
            raise PermissionDenied("the account's attempts must wait")
        return None


@receiver(user_logged_in, dispatch_uid="moc_portal.lockout.remember_device")
def _remember_device(sender, request, user, **kwargs):
    if request is not None:
        request.login_device_username = user.get_username()


class LoginDeviceMiddleware:
    """After a successful login, remembers the account in this browser's device cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        username = getattr(request, "login_device_username", None)
        if username:
            names = [username] + [n for n in remembered_usernames(request) if n != username]
            response.set_cookie(
                DEVICE_COOKIE,
                signing.dumps(names[:DEVICE_COOKIE_MAX_NAMES], salt=DEVICE_COOKIE_SALT),
                max_age=DEVICE_COOKIE_MAX_AGE,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response


def russian_duration(seconds):
    if seconds < 60:
        return plural(max(1, seconds), "секунду", "секунды", "секунд")
    return plural(math.ceil(seconds / 60), "минуту", "минуты", "минут")


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the Russian page in the site's design saying what to do."""
    username = attempted_username(request, credentials) or ""
    wait = getattr(request, "login_wait_seconds", None)
    account_throttled = bool(wait)
    if not account_throttled:
        wait = pair_wait_seconds(username, client_address(request)) or int(
            _cool_off().total_seconds()
        )
    context = {
        "username": username,
        "account_throttled": account_throttled,
        "wait": russian_duration(wait),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    response = render(request, "registration/locked_out.html", context, status=429)
    response["Retry-After"] = str(wait)
    return response

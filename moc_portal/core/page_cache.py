"""Whole public pages for anonymous visitors, kept in the cache until public content changes.

In September every parent of the municipality opens the same catalogue pages; each is rendered
once per change instead of once per visitor. The rules:

- Only views marked `@public_page` are kept, only for GET, never with a family's point in the
  address (`near`, core.family_point), and only for a visitor without a session or a pending
  message (staff always have a session: they never see nor populate a
  kept page, and a parent who has just sent a form sees their message).
- The key is the path and query and the version of the site for the visually impaired (the
  `moc_vision` cookie changes the markup); a page is kept with the generation number it was
  rendered under, which any change of public content moves (`content_changed`, called after
  the commit by the wiring's signals and by services that write in bulk): a page of an older
  generation is rendered again, so none is older than the last published change. The page and
  the generation come in one round trip to the cache.
- The CSRF token a form carries is per visitor: it is kept as a placeholder and each visitor's
  own token is put in when the page is served (with the CSRF cookie set, as the form needs).
- A page rendered from the read replica lives no longer than the replica may lag (core.cache).
- Redis down: every request renders (core.cache never raises).
"""

import hashlib
import re

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response

from .cache import cache_get, cache_get_many, cache_increment, cache_set
from .family_point import carries_point
from .vision import COOKIE_NAME as VISION_COOKIE

GENERATION_KEY = "page-cache:generation"
CSRF_PLACEHOLDER = "\x00csrf\x00"
_TOKEN_IN_FORM = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
# Set again for each response served (or per visitor): never kept.
_UNKEPT_HEADERS = frozenset({"set-cookie", "date", "content-length", "etag"})


def public_page(view):
    """Marks a view whose anonymous GET response is the same for every visitor."""
    view.public_page = True
    return view


def content_changed():
    """Every kept page is outdated: move the generation once the transaction commits."""
    transaction.on_commit(_next_generation)


def _next_generation():
    cache_increment(GENERATION_KEY, None)


def generation():
    """The number every kept page and fragment is filed under; moved by `content_changed`."""
    return cache_get(GENERATION_KEY, 0)


def _seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def _is_public_page(request):
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return getattr(match.func, "public_page", False)


def _visitor_is_anonymous(request):
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _key(request):
    parts = (request.path, request.META.get("QUERY_STRING", ""), request.COOKIES.get(VISION_COOKIE))
    digest = hashlib.sha256("\n".join(part or "" for part in parts).encode()).hexdigest()
    return f"page:{digest}"


def _keepable(response):
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith(("text/", "application/json")):
        return False  # spreadsheets and files are not pages
    if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
        return False  # a session or another per-visitor cookie was set
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-cache", "no-store"))


class PageCacheMiddleware:
    """Placed before the session middleware: a kept page is served without loading a session."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        if not (
            _seconds()
            and request.method == "GET"
            and _visitor_is_anonymous(request)
            and _is_public_page(request)
            and not carries_point(request)
        ):
            return self.get_response(request)
        key = _key(request)
        found = cache_get_many([GENERATION_KEY, key])
        current = found.get(GENERATION_KEY, 0)
        kept = found.get(key)
        if kept is not None and kept[0] == current:
            return self._serve(request, kept)
        response = self.get_response(request)
        if _keepable(response):
            self._keep(request, key, current, response)
        return response

    def _keep(self, request, key, generation, response):
        try:
            text = response.content.decode(response.charset)
        except UnicodeDecodeError:
            return
        body = _TOKEN_IN_FORM.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", text)
        headers = {
            name: value
            for name, value in response.headers.items()
            if name.lower() not in _UNKEPT_HEADERS
        }
        etag = '"' + hashlib.md5(body.encode(), usedforsecurity=False).hexdigest() + '"'
        seconds = _seconds()
        if getattr(request, "reads_from_replica", False):
            seconds = min(seconds, max(1, int(settings.REPLICA_MAX_LAG_SECONDS)))
        cache_set(key, (generation, body, headers, etag), seconds)
        response["ETag"] = etag

    def _serve(self, request, kept):
        _, body, headers, etag = kept
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return not_modified
        if CSRF_PLACEHOLDER in body:
            self.csrf.process_request(request)  # reads the visitor's CSRF cookie, if any
            body = body.replace(CSRF_PLACEHOLDER, get_token(request))
        response = HttpResponse(body)
        for name, value in headers.items():
            response[name] = value
        response["ETag"] = etag
        if CSRF_PLACEHOLDER in kept[1]:
            self.csrf.process_response(request, response)  # sets the cookie the token needs
        return response

"""The family's point: `near=<lat>,<lon>` in a page's address, put there by «Рядом со мной»
(static/js/near_me.js). It says where a child lives, so the portal reads it for the one
response and keeps it nowhere:

- a response to a request with `near` (a point or not) carries `Cache-Control: no-store`:
  neither the page cache (core.page_cache, which also never looks such a request up) nor a
  proxy nor the browser's cache keeps it;
- a link that carries the current address elsewhere (the `next` of the switch to the version
  for the visually impaired) drops `near`.
"""

from urllib.parse import parse_qsl, urlencode

from django.utils.cache import add_never_cache_headers

from .geo import parse_point

PARAMETER = "near"


def point_of(request):
    """`near` as (latitude, longitude), or None when absent or not a point on the Earth."""
    value = request.GET.get(PARAMETER)
    if not value:
        return None
    try:
        return parse_point(value)
    except ValueError:
        return None


def carries_point(request):
    """Whether the request's address has `near`, whatever its value."""
    return PARAMETER in request.GET


def kept_private(request, response):
    """`response` with `no-store` when the request carried a point; returned for chaining."""
    if carries_point(request):
        add_never_cache_headers(response)
    return response


def without_point(full_path):
    """`path?query` without `near` (the other parameters as they were)."""
    path, separator, query = full_path.partition("?")
    if not separator:
        return full_path
    kept = [
        (name, value)
        for name, value in parse_qsl(query, keep_blank_values=True)
        if name != PARAMETER
    ]
    return f"{path}?{urlencode(kept)}" if kept else path

"""Staff pages' access rule, declared on the view: `@permission_required(perm, message)`.

Anonymous visitors go to the admin login; a logged-in person without the permission gets
the 403 page with `message`, in Russian, saying who may open the page.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

STAFF_ONLY = "Раздел для сотрудников организаций и МОЦ."


def permission_required(perm=None, message=STAFF_ONLY, login_url="admin:login"):
    """Staff with `perm` (any staff member when `perm` is None) may open the view."""

    def decorator(view):
        @wraps(view)
        @login_required(login_url=login_url)
        def guarded(request, *args, **kwargs):
            user = request.user
            if not (user.is_active and user.is_staff and (perm is None or user.has_perm(perm))):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return guarded

    return decorator

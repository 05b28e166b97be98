from urllib.parse import quote

from .core import vision as vision_settings
from .core.family_point import without_point
from .models import SiteSettings


def site(request):
    return {"site": SiteSettings.load()}


def vision(request):
    """The version for the visually impaired: the reader's choices and where to come back to."""
    return {
        "vision": vision_settings.from_request(request),
        # Back to this page, without the family's point (core.family_point).
        "vision_next": quote(without_point(request.get_full_path()), safe="/"),
    }

"""A URL whose view fails, for the 500 page's test; the site's own URLs come after it."""

from django.urls import include, path


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken), path("", include("moc_portal.urls"))]

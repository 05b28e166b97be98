from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from . import admin as admin_views
from . import views

handler500 = "moc_portal.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("contacts/", views.contacts, name="contacts"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    # Before the admin's own route of the same address: only objects the user may open.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(admin_views.view_on_site),
    ),
    path(
        "admin/file/<int:content_type_id>/<str:object_id>/<str:field_name>/",
        admin.site.admin_view(admin_views.stored_file),
        name="admin_stored_file",
    ),
    path("admin/", admin.site.urls),
    path("monitoring/", include("monitoring.urls")),
    path("api/v1/", include("moc_portal.api.urls")),
    path("", include("events.urls")),
    path("practices/", include("best_practices.urls")),
    path("opendata/", include("moc_portal.opendata.urls")),
    path("consultations/", include("consultations.urls")),
    path("survey/", include("quality.urls")),
    path("", include("programs.urls")),
]

# Uploads: only MEDIA_ROOT/public/ has an address (images of public pages); a proxy in front
# serves the same folder itself. Everything under private/ leaves through views that check
# publication or permission, in DEBUG too.
urlpatterns += [
    path(
        f"{settings.MEDIA_URL.strip('/')}/public/<path:path>",
        views.public_media,
        name="public_media",
    )
]

# Browsers and bots that ask for /favicon.ico without reading <link rel="icon"> get the icon.
urlpatterns += [
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static_url, str)("favicon.ico"), permanent=True),
        name="favicon",
    )
]

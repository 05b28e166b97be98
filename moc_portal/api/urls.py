from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from . import errors, views
from .sources import SOURCES

app_name = "api"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", views.docs, name="docs"),
]
for kind in SOURCES:
    urlpatterns += [
        path(f"{kind}/", views.list_view(kind), name=f"{kind}_list"),
        path(f"{kind}/<str:uuid>/", views.detail_view(kind), name=f"{kind}_detail"),
    ]
urlpatterns += [re_path(r"^.*$", errors.not_found)]

from django.urls import path, re_path

from . import views

app_name = "opendata"

FORMAT = r"(?P<file_format>csv|json)"
CODE = r"(?P<code>[a-z][a-z0-9_-]*)"

urlpatterns = [
    path("", views.index, name="index"),
    re_path(rf"^list\.{FORMAT}$", views.list_file, name="list"),
    re_path(rf"^{CODE}/meta\.{FORMAT}$", views.meta_file, name="meta"),
    re_path(
        rf"^{CODE}/structure-(?P<day>\d{{8}})\.{FORMAT}$", views.structure_file, name="structure"
    ),
    re_path(
        rf"^{CODE}/data-(?P<day>\d{{8}})-structure-(?P<structure_day>\d{{8}})\.{FORMAT}$",
        views.data_file,
        name="data",
    ),
]

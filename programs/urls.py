from django.urls import path

from . import import_views, views

app_name = "programs"

urlpatterns = [
    path("programs/", views.program_list, name="list"),
    path("programs/export.<str:file_format>", views.program_export, name="export"),
    path("programs/<slug:slug>/", views.program_detail, name="detail"),
    path("programs/<slug:slug>/certificate/", views.program_certificate, name="certificate"),
    path("programs/<slug:slug>/notify/", views.watch_subscribe, name="watch_subscribe"),
    path("notify/confirm/<str:token>/", views.watch_confirm, name="watch_confirm"),
    path("notify/stop/<str:token>/", views.watch_stop, name="watch_stop"),
    path("shortlist/", views.shortlist_page, name="shortlist"),
    path("shortlist/data.json", views.shortlist_data, name="shortlist_data"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization_detail"),
    # Staff: importing programs and organizations from a file.
    path("imports/<str:target>/", import_views.import_upload, name="import_upload"),
    path("imports/batch/<int:pk>/", import_views.import_batch, name="import_batch"),
    path("imports/batch/<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("imports/batch/<int:pk>/cancel/", import_views.import_cancel, name="import_cancel"),
]

from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("", views.knowledge_base, name="list"),
    path("ask/", views.ask, name="ask"),
    path("my/", views.my_consultations, name="mine"),
    path("my/<int:pk>/", views.detail, name="detail"),
    path("my/<int:pk>/files/<int:file_pk>/", views.attachment, name="file"),
]

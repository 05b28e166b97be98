from django.urls import path

from . import views

app_name = "best_practices"

urlpatterns = [
    path("", views.practice_list, name="list"),
    path("submit/", views.submit, name="submit"),
    path("submit/done/", views.submitted, name="submitted"),
    path("revise/<str:token>/", views.revise, name="revise"),
    path("<slug:slug>/", views.practice_detail, name="detail"),
    path("<slug:slug>/materials/<int:pk>/", views.material_download, name="material"),
]

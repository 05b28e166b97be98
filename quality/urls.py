from django.urls import path

from . import views

app_name = "quality"

urlpatterns = [
    path("", views.survey_index, name="index"),
    path("<slug:slug>/", views.survey, name="survey"),
    path("<slug:slug>/thanks/", views.thanks, name="thanks"),
    path("<slug:slug>/results/", views.results, name="results"),
]

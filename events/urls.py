from django.urls import path

from . import feeds, views

app_name = "events"

urlpatterns = [
    path("events/", views.event_list, name="list"),
    path("events/past/", views.event_archive, name="archive"),
    path("events/calendar.ics", views.calendar_feed, name="calendar"),
    path("events/propose/", views.event_propose, name="propose"),
    path("events/propose/<int:pk>/", views.event_propose_edit, name="propose_edit"),
    path("events/<slug:slug>/", views.event_detail, name="detail"),
    path("events/<slug:slug>/event.ics", views.event_ics, name="detail_ics"),
    path("events/<slug:slug>/regulations/", views.event_regulations, name="regulations"),
    path("news/", views.news_list, name="news_list"),
    path("news/feed/", feeds.NewsFeed(), name="news_feed"),
    path("news/<slug:slug>/", views.news_detail, name="news_detail"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
]

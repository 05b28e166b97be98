from django.urls import path

from moc_portal.core import months  # noqa: F401  (registers the <month:…> converter)

from .views import dashboard, follow_up, reports, submissions, timeliness

app_name = "monitoring"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("my/", submissions.my_submissions, name="my_submissions"),
    path("timeliness/", timeliness.timeliness, name="timeliness"),
    path("follow-up/", follow_up.follow_up_list, name="follow_up"),
    path("follow-up/<int:pk>/close/", follow_up.close, name="follow_up_close"),
    # Before the organization pattern: "report" is reserved, not an organization's slug.
    path("<month:period>/report/", reports.request_report, name="report_request"),
    path("<month:period>/<slug:organization>/", submissions.submission, name="submission"),
    path(
        "<month:period>/<slug:organization>/template.xlsx",
        submissions.download_template,
        name="submission_template",
    ),
    path(
        "<month:period>/<slug:organization>/upload/",
        submissions.upload_template,
        name="submission_upload",
    ),
    path(
        "<month:period>/<slug:organization>/review/",
        submissions.review,
        name="submission_review",
    ),
    path(
        "<month:period>/<slug:organization>/follow-up/",
        follow_up.mark,
        name="follow_up_mark",
    ),
    path("reports/<int:pk>/", reports.report_status, name="report_status"),
    path("reports/<int:pk>/download/", reports.download_report, name="report_download"),
]

from django.urls import path, register_converter

from .views import dashboard, reports, submissions


class PeriodCodeConverter:
    """A reporting period in URLs: 2026-10."""

    regex = r"\d{4}-\d{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(PeriodCodeConverter, "period")

app_name = "monitoring"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("my/", submissions.my_submissions, name="my_submissions"),
    # Before the organization pattern: "report" is reserved, not an organization's slug.
    path("<period:period>/report/", reports.request_report, name="report_request"),
    path("<period:period>/<slug:organization>/", submissions.submission, name="submission"),
    path(
        "<period:period>/<slug:organization>/template.xlsx",
        submissions.download_template,
        name="submission_template",
    ),
    path(
        "<period:period>/<slug:organization>/upload/",
        submissions.upload_template,
        name="submission_upload",
    ),
    path(
        "<period:period>/<slug:organization>/review/",
        submissions.review,
        name="submission_review",
    ),
    path("reports/<int:pk>/", reports.report_status, name="report_status"),
    path("reports/<int:pk>/download/", reports.download_report, name="report_download"),
]

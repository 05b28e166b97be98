"""The monthly report: order it, watch it being built, download it."""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from moc_portal.core.access import permission_required
from moc_portal.core.uploads import upload_response

from ..models import MonthlyReport
from ..services import report_queue, reports
from .periods import period_or_404

POLL_SECONDS = 2


dashboard_access = permission_required(
    "monitoring.view_dashboard", "Отчёты доступны координаторам и методистам."
)


@require_POST
@dashboard_access
def request_report(request, period):
    report = report_queue.request_report(period_or_404(period), request.user)
    return redirect("monitoring:report_status", pk=report.pk)


@require_GET
@dashboard_access
def report_status(request, pk):
    report = get_object_or_404(MonthlyReport.objects.select_related("period"), pk=pk)
    if report.is_waiting_for_queue and report_queue.queue_report(report.pk):
        report.refresh_from_db()
    download_url = (
        reverse("monitoring:report_download", kwargs={"pk": report.pk}) if _ready(report) else None
    )
    if request.GET.get("format") == "json":
        response = JsonResponse(
            {
                "status": report.status,
                "label": report.get_status_display(),
                "progress": report.progress,
                "download_url": download_url,
                "waiting_for_queue": report.is_waiting_for_queue,
            }
        )
        response["Cache-Control"] = "no-store"
        return response
    finished = report.status in (MonthlyReport.Status.DONE, MonthlyReport.Status.FAILED)
    return render(
        request,
        "monitoring/report_status.html",
        {
            "report": report,
            "download_url": download_url,
            "finished": finished,
            "poll_seconds": POLL_SECONDS,
        },
    )


@require_GET
@dashboard_access
def download_report(request, pk):
    report = get_object_or_404(MonthlyReport.objects.select_related("period"), pk=pk)
    if not _ready(report):
        raise Http404("Отчёт ещё не готов.")
    return upload_response(report.file, reports.report_filename(report.period))


def _ready(report):
    return report.status == MonthlyReport.Status.DONE and bool(report.file)

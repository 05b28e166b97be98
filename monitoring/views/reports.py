"""The monthly report: order it, watch it being built, download it."""

from datetime import timedelta

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from moc_portal.core.spreadsheets import XLSX_CONTENT_TYPE

from ..models import MonthlyReport
from ..permissions import can_view_dashboard
from ..services.reports import report_filename
from ..tasks import build_monthly_report_task
from .periods import period_or_404

# A second click within this time joins the report already being built.
JOIN_RUNNING_REPORT_WITHIN = timedelta(minutes=10)
POLL_SECONDS = 2


def dashboard_access(view):
    """Coordinators and methodists only; others are sent to log in or refused."""

    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url="admin:login")
        if not can_view_dashboard(request.user):
            raise PermissionDenied("Отчёты доступны координаторам и методистам.")
        return view(request, *args, **kwargs)

    return wrapped


@require_POST
@dashboard_access
def request_report(request, period):
    period = period_or_404(period)
    report = MonthlyReport.objects.filter(
        period=period,
        status__in=[MonthlyReport.Status.PENDING, MonthlyReport.Status.RUNNING],
        requested_at__gte=timezone.now() - JOIN_RUNNING_REPORT_WITHIN,
    ).first()
    if report is None:
        report = MonthlyReport.objects.create(period=period, requested_by=request.user)
        # Robust: without a broker (or when an eager build fails) the page still opens
        # and shows the report's state instead of an error page.
        transaction.on_commit(lambda: build_monthly_report_task.delay(report.pk), robust=True)
    return redirect("monitoring:report_status", pk=report.pk)


@require_GET
@dashboard_access
def report_status(request, pk):
    report = get_object_or_404(MonthlyReport.objects.select_related("period"), pk=pk)
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
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report_filename(report.period),
        content_type=XLSX_CONTENT_TYPE,
    )


def _ready(report):
    return report.status == MonthlyReport.Status.DONE and bool(report.file)

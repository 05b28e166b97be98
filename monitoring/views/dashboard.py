from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from ..models import ReportingPeriod
from ..permissions import can_view_dashboard
from ..services.dashboard import dashboard_data
from ..services.periods import period_for, previous_month


def dashboard(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url="admin:login")
    if not can_view_dashboard(request.user):
        raise PermissionDenied("Панель мониторинга доступна координаторам и методистам.")
    period = selected_period(request.GET.get("period"))
    return render(request, "monitoring/dashboard.html", dashboard_data(period))


def selected_period(code):
    """The period named in the URL, or the last month's when none is named."""
    if not code:
        return period_for(*previous_month())
    try:
        year, month = ReportingPeriod.parse_code(code)
    except ValueError:
        raise Http404("Нет такого отчётного периода") from None
    period = ReportingPeriod.objects.filter(year=year, month=month).first()
    if period is None:
        raise Http404("Нет такого отчётного периода")
    return period

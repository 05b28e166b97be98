from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from ..permissions import can_view_dashboard
from ..selectors.dashboard import dashboard_data
from ..selectors.periods import previous_month
from ..services.periods import period_for
from .periods import period_or_404


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
    return period_or_404(code)

from django.shortcuts import render

from moc_portal.core.access import permission_required

from ..forms import PeriodChoiceForm
from ..selectors.dashboard import dashboard_data
from ..selectors.periods import default_month, listed_periods
from .periods import period_or_404


@permission_required(
    "monitoring.view_dashboard", "Панель мониторинга доступна координаторам и методистам."
)
def dashboard(request):
    """The period named by `?period=2026-10`, or the month just ended (read, never created)."""
    code = request.GET.get("period")
    period = period_or_404(code) if code else period_or_404(default_month())
    context = dashboard_data(period)
    context["period_form"] = PeriodChoiceForm(listed_periods(), initial={"period": period.code})
    return render(request, "monitoring/dashboard.html", context)

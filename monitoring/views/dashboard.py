from django.shortcuts import render

from moc_portal.core.access import permission_required

from ..forms import PeriodChoiceForm
from ..selectors.dashboard import dashboard_data
from ..selectors.periods import previous_month
from ..services.periods import period_for
from .periods import period_or_404


@permission_required(
    "monitoring.view_dashboard", "Панель мониторинга доступна координаторам и методистам."
)
def dashboard(request):
    period = selected_period(request.GET.get("period"))
    context = dashboard_data(period)
    context["period_form"] = PeriodChoiceForm(context["periods"], initial={"period": period.code})
    return render(request, "monitoring/dashboard.html", context)


def selected_period(code):
    """The period named in the URL, or the last month's when none is named."""
    if not code:
        return period_for(*previous_month())
    return period_or_404(code)

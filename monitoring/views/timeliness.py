"""The timeliness grid: who sent each month's report, and whether in time."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from moc_portal.core.access import permission_required
from moc_portal.core.spreadsheets import XLSX_CONTENT_TYPE
from moc_portal.core.uploads import attachment_response
from programs.models import Organization

from ..forms import TimelinessFilterForm
from ..selectors.timeliness import LOOKS, settlements, timeliness_grid
from ..services.timeliness import filename, timeliness_xlsx

YEARS_BACK = 5


@require_GET
@permission_required(
    "monitoring.view_dashboard", "Своевременность сдачи видят координаторы и методисты."
)
def timeliness(request):
    this_year = timezone.localdate().year
    form = TimelinessFilterForm(
        request.GET or None,
        years=range(this_year, this_year - YEARS_BACK, -1),
        kinds=Organization.Kind.choices,
        settlements=settlements(),
    )
    year, kind, settlement = form.filters(this_year)
    grid = timeliness_grid(year, kind=kind, settlement=settlement)
    if request.GET.get("format") == "xlsx":
        kinds = dict(Organization.Kind.choices)
        chosen = [
            f"Тип: {kinds[kind]}" if kind else "",
            f"Населённый пункт: {settlement}" if settlement else "",
        ]
        return attachment_response(
            timeliness_xlsx(grid, [line for line in chosen if line]),
            filename(year),
            XLSX_CONTENT_TYPE,
        )
    query = request.GET.copy()
    query["format"] = "xlsx"
    return render(
        request,
        "monitoring/timeliness.html",
        {"grid": grid, "form": form, "looks": LOOKS.values(), "xlsx_query": query.urlencode()},
    )

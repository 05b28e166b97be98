from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from moc_portal.core.page_cache import public_page
from moc_portal.core.ratelimits import RateLimit, too_many_requests
from moc_portal.models import SiteSettings

from . import selectors
from .filters import SORT_CHOICES
from .models import Program
from .selectors import catalogue
from .services import exports


@public_page
def program_list(request):
    result = catalogue.browse(request.GET)
    context = {
        "result": result,
        "formats": Program.StudyForm.choices,
        "sort_choices": SORT_CHOICES,
    }
    return render(request, "programs/program_list.html", context)


@public_page
def program_detail(request, slug):
    program = get_object_or_404(Program.objects.public().for_detail(), slug=slug)
    navigator_url = SiteSettings.load().navigator_program_url(program.navigator_id)
    return render(
        request,
        "programs/program_detail.html",
        {"program": program, "navigator_url": navigator_url},
    )


# The whole-catalogue exports: cached, and at most this many from one client address.
EXPORTS = RateLimit("programs-export", count=30, window=10 * 60)


def program_export(request, file_format):
    if file_format not in exports.FORMATS:
        raise Http404("Неизвестный формат выгрузки")
    if EXPORTS.exceeded_by(request):
        return too_many_requests(
            request,
            EXPORTS,
            "Выгрузку каталога с вашего адреса запрашивали слишком часто, и сайт временно "
            "её не выполняет.",
        )
    return exports.export_response(file_format, request.GET, request)


@public_page
def organization_list(request):
    paginator = Paginator(selectors.active_organizations(), 30)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "programs/organization_list.html", {"page": page})


@public_page
def organization_detail(request, slug):
    organization = get_object_or_404(selectors.active_organizations(), slug=slug)
    programs = (
        Program.objects.public().filter(organization=organization).for_listing().order_by("title")
    )
    return render(
        request,
        "programs/organization_detail.html",
        {"organization": organization, "programs": programs},
    )

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from moc_portal.core.family_point import kept_private, point_of
from moc_portal.core.maps import map_config, map_csp
from moc_portal.core.page_cache import public_page
from moc_portal.core.ratelimits import RateLimit, too_many_requests
from moc_portal.models import SiteSettings

from . import selectors, shortlist
from .enrolment import MAX_NOMINAL, certificate_share, parse_amount
from .filters import SORT_CHOICES
from .forms import CertificateForm, EnrolmentWatchForm
from .models import Program
from .selectors import catalogue
from .services import exports, watches

# «Сообщить, когда откроется запись»: per client address and per e-mail address.
WATCHES = RateLimit("enrolment-watch", count=10, window=60 * 60)
WATCHES_PER_EMAIL = RateLimit("enrolment-watch-email", count=5, window=24 * 60 * 60)


@public_page
def program_list(request):
    result = catalogue.browse(request.GET)
    near = result.filterset.cleaned.get("near")
    context = {
        "result": result,
        "formats": Program.StudyForm.choices,
        "sort_choices": SORT_CHOICES,
        "map_points": selectors.program_map_points(result.page.object_list),
        "map_config": {**map_config(), "near": [float(value) for value in near] if near else None},
        "radius_choices": RADIUS_CHOICES,
    }
    # The family's point (valid or not) is kept by no cache, ours included.
    return kept_private(request, map_csp(render(request, "programs/program_list.html", context)))


@public_page
def program_detail(request, slug):
    return _program_page(request, slug)


@never_cache
def program_certificate(request, slug):
    """The certificate calculator without JavaScript: the program's page with `?nominal=`
    worked out. Not a public page: what a parent typed is never kept, not even in the cache."""
    return _program_page(request, slug, nominal=request.GET.get("nominal"))


def _program_page(request, slug, *, nominal=None, watch_form=None, status=200):
    program = get_object_or_404(Program.objects.public().for_detail(), slug=slug)
    site = SiteSettings.load()
    navigator_url = site.navigator_program_url(program.navigator_id, program.navigator_url)
    enrolment = program.enrolment
    certificate_form = CertificateForm({"nominal": nominal} if nominal else None)
    amount = parse_amount(nominal)
    share = certificate_share(program, amount) if amount is not None else None
    if enrolment.can_wait and watch_form is None:
        watch_form = EnrolmentWatchForm()
    context = {
        "program": program,
        "navigator_url": navigator_url,
        "gosuslugi_url": site.gosuslugi_url,
        "enrolment": enrolment,
        "certificate_form": certificate_form,
        "nominal_given": bool(nominal),
        "share": share,
        "watch_form": watch_form if enrolment.can_wait else None,
    }
    return render(request, "programs/program_detail.html", context, status=status)


@require_POST
def watch_subscribe(request, slug):
    program = get_object_or_404(Program.objects.public(), slug=slug)
    form = EnrolmentWatchForm(request.POST)
    if not form.is_valid():
        return _program_page(request, slug, watch_form=form, status=400)
    # The rate limit keeps only a keyed digest of the address, never the e-mail itself.
    email_key = form.cleaned_data["email"].strip().lower()
    if WATCHES.exceeded_by(request) or WATCHES_PER_EMAIL.exceeded(email_key):
        form.add_error(None, "С этого адреса подписывались слишком часто. Попробуйте позже.")
        return _program_page(request, slug, watch_form=form, status=429)
    if not program.enrolment.can_wait:
        messages.info(request, "Запись уже открыта или набор закрыт: подписка не нужна.")
        return redirect(program.get_absolute_url())
    watch = watches.subscribe(request, program, form.cleaned_data["email"])
    messages.success(
        request,
        f"Почти готово: на {watch.email} отправлено письмо со ссылкой. "
        "Подтвердите подписку, и мы напишем, когда откроется запись.",
    )
    return redirect(program.get_absolute_url() + "#watch")


def watch_confirm(request, token):
    """The link of the confirmation mail."""
    done = "Подписка подтверждена: мы напишем, когда откроется запись."
    return _watch_link(request, token, "confirm", watches.CONFIRM_SALT, watches.confirm, done)


def watch_stop(request, token):
    """The «unsubscribe» link of every mail about a watch."""
    done = "Вы отписались, адрес удалён."
    return _watch_link(request, token, "stop", watches.STOP_SALT, watches.unsubscribe, done)


def _watch_link(request, token, action, salt, act, done):
    """A link of a watch's mail: a page with a button (a mail scanner following the link
    changes nothing); the button calls `act` on the watch and says `done`."""
    watch = watches.watch_for_token(token, salt=salt)
    if watch is None:
        return render(request, "programs/watch_link.html", {"invalid": True}, status=404)
    if request.method == "POST":
        act(watch)
        messages.success(request, done)
        return redirect(watch.program.get_absolute_url())
    return render(request, "programs/watch_link.html", {"watch": watch, "action": action})


def shortlist_page(request):
    """`/shortlist/?p=a,b`: the shared shortlist, the first four side by side. Without `p` the
    page's script fills it from the browser's storage. `near=<lat>,<lon>` (the family's point,
    from «Рядом со мной») adds each program's distance; a value that is not a point is ignored.
    The point never enters the share link, and the page with it is not kept by any cache
    (moc_portal.core.family_point)."""
    slugs = shortlist.parse_slugs(request.GET.get("p"))
    near = point_of(request)
    programs = shortlist.shortlisted(slugs, near)
    compared = programs[: shortlist.MAX_COMPARED]
    context = {
        "programs": programs,
        "compared": compared,
        "shares": [certificate_share(program, MAX_NOMINAL) for program in compared],
        "share_query": ",".join(program.slug for program in programs),
        "asked": bool(slugs),
        "max_compared": shortlist.MAX_COMPARED,
        "near": near,
    }
    return kept_private(request, render(request, "programs/shortlist.html", context))


def shortlist_data(request):
    """`/shortlist/data.json?p=a,b`: what the shortlist's script shows, two queries at most."""
    slugs = shortlist.parse_slugs(request.GET.get("p"))
    programs = shortlist.shortlisted(slugs)
    found = {program.slug for program in programs}
    return JsonResponse(
        {
            "programs": [shortlist.as_json(program) for program in programs],
            "unknown": [slug for slug in slugs if slug not in found],
        }
    )


RADIUS_CHOICES = [(1, "1 км"), (3, "3 км"), (5, "5 км"), (10, "10 км"), (30, "30 км")]


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
    context = {
        "page": page,
        "map_points": selectors.organization_map_points(page.object_list),
        "map_config": map_config(),
    }
    return map_csp(render(request, "programs/organization_list.html", context))


@public_page
def organization_detail(request, slug):
    organization = get_object_or_404(selectors.active_organizations(), slug=slug)
    programs = (
        Program.objects.public()
        .filter(organization=organization)
        .for_listing()
        .with_schedule_text()
        .order_by("title")
    )
    return render(
        request,
        "programs/organization_detail.html",
        {"organization": organization, "programs": programs},
    )

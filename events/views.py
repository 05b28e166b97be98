"""Public pages of events, news and documents, and the representatives' proposal form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from moc_portal.core.page_cache import public_page
from moc_portal.core.uploads import attachment_response, upload_response
from moc_portal.models import SiteSettings

from . import calendar, selectors
from .forms import EventProposalEditForm, EventProposalForm
from .models import Document, Event
from .permissions import proposal_organizations
from .services.publishing import EDITABLE_BY_PROPOSER, propose_event


@public_page
def event_list(request):
    result = selectors.browse_events(request.GET)
    return _render_list(request, result)


@public_page
def event_archive(request):
    result = selectors.browse_events(request.GET, past=True)
    return _render_list(request, result)


def _render_list(request, result):
    context = {"result": result, "audiences": Event.Audience.choices}
    return render(request, "events/event_list.html", context)


@public_page
def event_detail(request, slug):
    event = selectors.public_event(slug)
    if event is None:
        raise Http404("Мероприятие не найдено")
    return render(request, "events/event_detail.html", {"event": event})


def event_ics(request, slug):
    event = selectors.public_event(slug)
    if event is None:
        raise Http404("Мероприятие не найдено")
    return _ics_response(calendar.build_calendar([event], event.title), f"event-{event.pk}.ics")


def calendar_feed(request):
    events = selectors.calendar_events(request.GET)
    name = f"Мероприятия — {SiteSettings.load().moc_name}"
    return _ics_response(calendar.build_calendar(events, name), "events.ics", inline=True)


def event_regulations(request, slug):
    event = selectors.public_event(slug)
    if event is None or not event.regulations:
        raise Http404("Положение не найдено")
    return upload_response(event.regulations, f"Положение — {event.title[:100]}.pdf")


def _ics_response(content, filename, inline=False):
    # The feed is subscribed to (inline); a single event is downloaded and opened.
    return attachment_response(content, filename, calendar.CONTENT_TYPE, inline=inline)


@public_page
def news_list(request):
    return render(request, "events/news_list.html", {"page": selectors.news_page(request.GET)})


@public_page
def news_detail(request, slug):
    item = selectors.public_news_item(slug)
    if item is None:
        raise Http404("Новость не найдена")
    return render(request, "events/news_detail.html", {"item": item})


@public_page
def document_list(request):
    return render(
        request, "events/document_list.html", {"sections": selectors.documents_by_category()}
    )


def document_download(request, pk):
    document = get_object_or_404(Document.objects.public(), pk=pk)
    return upload_response(document.file, document.download_name)


def _proposer_organizations(request):
    organizations = proposal_organizations(request.user)
    if organizations is None or not organizations.exists():
        raise PermissionDenied("Предлагать мероприятия могут представители организаций.")
    return organizations.order_by("short_name")


def _render_proposal(request, form, organizations, event=None):
    proposals = (
        Event.objects.filter(organizer__in=organizations)
        .exclude(status=Event.Status.PUBLISHED)
        .select_related("organizer")
        .order_by("-created_at")[:20]
    )
    return render(
        request,
        "events/event_propose.html",
        {"form": form, "proposals": proposals, "event": event, "editable": EDITABLE_BY_PROPOSER},
    )


@login_required(login_url="admin:login")
@require_http_methods(["GET", "HEAD", "POST"])
def event_propose(request):
    organizations = _proposer_organizations(request)
    if request.method == "POST":
        form = EventProposalForm(request.POST, request.FILES, organizations=organizations)
        if form.is_valid():
            event = propose_event(form.save(commit=False), request.user)
            messages.success(
                request,
                f"Мероприятие «{event.title}» отправлено на модерацию. "
                "Методист МОЦ проверит его и опубликует.",
            )
            return redirect("events:propose")
        messages.error(request, "Мероприятие не отправлено: исправьте отмеченные поля.")
    else:
        form = EventProposalForm(organizations=organizations)
    return _render_proposal(request, form, organizations)


@login_required(login_url="admin:login")
@require_http_methods(["GET", "HEAD", "POST"])
def event_propose_edit(request, pk):
    """The organization corrects its unpublished proposal (e.g. returned with a comment) and
    sends it again; a save from a stale form is refused, keeping what was typed."""
    organizations = _proposer_organizations(request)
    event = get_object_or_404(
        Event.objects.filter(organizer__in=organizations, status__in=EDITABLE_BY_PROPOSER),
        pk=pk,
    )
    if request.method == "POST":
        with transaction.atomic():
            form = EventProposalEditForm(
                request.POST, request.FILES, instance=event, organizations=organizations
            )
            if form.is_valid():
                event = propose_event(form.save(commit=False), request.user)
                messages.success(
                    request, f"Мероприятие «{event.title}» снова отправлено на модерацию."
                )
                return redirect("events:propose")
        messages.error(request, "Мероприятие не отправлено: исправьте отмеченные поля.")
    else:
        form = EventProposalEditForm(instance=event, organizations=organizations)
    return _render_proposal(request, form, organizations, event)

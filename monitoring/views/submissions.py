"""Organizations' monthly reports: the list, the form, the Excel template and the review."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from moc_portal.core.access import permission_required
from moc_portal.core.spreadsheets import XLSX_CONTENT_TYPE
from moc_portal.core.uploads import attachment_response
from programs.models import Organization

from ..forms import EntryForm, FollowUpForm, ReviewForm, UploadForm
from ..models import Submission
from ..permissions import can_edit_for, can_review, editable_organizations
from ..selectors import review as review_reads
from ..selectors.follow_up import follow_ups_of
from ..selectors.locking import entry_lock, is_past_entry
from ..selectors.periods import open_periods
from ..services import submissions as service
from ..services.workbook import (
    WorkbookErrors,
    build_template,
    parse_upload,
    stale_template_message,
)
from .periods import period_or_404

CONFLICT = 409


staff_required = permission_required()


@staff_required
def my_submissions(request):
    organizations = editable_organizations(request.user)
    if organizations is None:
        organizations = Organization.objects.filter(is_active=True)
    periods = open_periods()  # the month just ended is among them, with or without a row
    overview = service.submission_overview(organizations.order_by("short_name", "id"), periods)
    return render(
        request, "monitoring/my_submissions.html", {"periods": periods, "overview": overview}
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def submission(request, period, organization):
    period, organization = period_or_404(period), _organization(organization)
    may_edit = can_edit_for(request.user, organization)
    if not (may_edit or can_review(request.user)):
        raise PermissionDenied("Вы не можете смотреть отчёты этой организации.")
    current = _current_submission(organization, period)
    if request.method != "POST":
        open_for_entry = current.is_editable and not entry_lock(organization.pk, period)
        form = _entry_form(current) if may_edit and open_for_entry else None
        upload_errors = _take_upload_errors(request, current)
        return _render_page(request, current, form=form, upload_errors=upload_errors)
    if not may_edit:
        raise PermissionDenied("Вы не можете вводить данные за эту организацию.")
    return _save(request, current)


def _save(request, current):
    sending = request.POST.get("action") == "submit"
    form = _entry_form(current, request.POST, require_all=sending)
    if not form.is_valid():
        messages.error(request, "Отчёт не сохранён: исправьте отмеченные значения.")
        return _render_page(request, current, form=form)
    if sending and form.unexplained_changes() and not request.POST.get("changes_seen"):
        # Plausibility never blocks: asked once, a second «Отправить» sends as it is.
        form.asking_explanations = True
        messages.warning(
            request,
            "Отчёт ещё не отправлен: некоторые значения вне обычного для организации "
            "диапазона или (без истории) изменились больше чем на "
            f"{form.limit_percent} % по сравнению с прошлым месяцем. Коротко поясните их "
            "(пояснение увидит проверяющий) или подтвердите, что всё верно, и нажмите "
            "«Отправить» ещё раз.",
        )
        return _render_page(request, current, form=form)
    try:
        saved = service.save_entry(
            current.organization,
            current.period,
            form.figures(),
            request.user,
            form.cleaned_data["version"],
            send=sending,
            explanations=form.explanations(),
        )
    except service.ConcurrentEditError as error:
        messages.error(request, str(error))
        fresh = _current_submission(current.organization, current.period)
        form = _entry_form(fresh, request.POST, require_all=sending)
        form.is_valid()
        form.conflict = True
        return _render_page(request, fresh, form=form, status=CONFLICT)
    except service.SubmissionError as error:
        messages.error(request, str(error))
        return _render_page(request, current, form=form, status=CONFLICT)
    messages.success(
        request,
        "Отчёт отправлен в МОЦ." if sending else "Черновик сохранён. Не забудьте отправить отчёт.",
    )
    return redirect(saved.get_absolute_url())


@staff_required
def download_template(request, period, organization):
    period, organization = period_or_404(period), _organization(organization)
    _require_editor(request.user, organization)
    filename = f"monitoring-{period.code}-{organization.slug}.xlsx"
    return attachment_response(build_template(organization, period), filename, XLSX_CONTENT_TYPE)


@staff_required
@require_POST
def upload_template(request, period, organization):
    period, organization = period_or_404(period), _organization(organization)
    _require_editor(request.user, organization)
    current = _current_submission(organization, period)
    # Post/redirect/get on every outcome: the page a person lands on is the report's own, so
    # its «Отправить» posts to the report, and a reload sends nothing twice.
    upload_form = UploadForm(request.POST, request.FILES)
    if not upload_form.is_valid():
        _keep_upload_errors(request, current, upload_form.errors.get("file", []))
        return redirect(current.get_absolute_url())
    try:
        parsed = parse_upload(upload_form.cleaned_data["file"], organization, period)
        service.save_entry(organization, period, parsed.figures, request.user, parsed.version)
    except WorkbookErrors as errors:
        _keep_upload_errors(request, current, errors.messages)
    except service.ConcurrentEditError as error:
        messages.error(request, stale_template_message(error))
    except service.SubmissionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, "Данные из файла сохранены в черновик. Проверьте их и отправьте отчёт."
        )
    return redirect(current.get_absolute_url())


def _upload_errors_key(submission):
    return f"monitoring-upload-errors:{submission.period.code}:{submission.organization_id}"


def _keep_upload_errors(request, submission, errors):
    """The refused upload's messages survive the redirect in the session, once."""
    request.session[_upload_errors_key(submission)] = [str(error) for error in errors]


def _take_upload_errors(request, submission):
    return request.session.pop(_upload_errors_key(submission), None)


@staff_required
@require_POST
def review(request, period, organization):
    period, organization = period_or_404(period), _organization(organization)
    if not can_review(request.user):
        raise PermissionDenied("Принимать и возвращать отчёты могут методисты и координаторы МОЦ.")
    current = service.find_submission(organization, period)
    if current is None:
        raise Http404("Организация ещё не начинала этот отчёт.")
    review_form = ReviewForm(request.POST, past_entry=is_past_entry(period))
    if not review_form.is_valid():
        return _render_page(request, current, review_form=review_form)
    data = review_form.cleaned_data
    try:
        if data["action"] == ReviewForm.ACCEPT:
            service.accept(current, request.user, data["version"])
            messages.success(request, "Отчёт принят.")
        else:
            service.return_for_revision(
                current, request.user, data["comment"], data["version"], until=data.get("until")
            )
            messages.success(request, "Отчёт возвращён организации на доработку.")
    except service.SubmissionError as error:
        messages.error(request, str(error))
        fresh = service.find_submission(organization, period)
        return _render_page(request, fresh, review_form=review_form, status=CONFLICT)
    return redirect(current.get_absolute_url())


# --- Shared pieces --------------------------------------------------------------------------


def _organization(slug):
    return get_object_or_404(Organization, slug=slug)


def _require_editor(user, organization):
    if not can_edit_for(user, organization):
        raise PermissionDenied("Вы не можете вводить данные за эту организацию.")


def _current_submission(organization, period):
    """The saved report, or an unsaved draft (version 0) until its first save."""
    found = service.find_submission(organization, period)
    return found or Submission(organization=organization, period=period)


def _entry_form(submission, data=None, *, require_all=False):
    return EntryForm(
        service.entry_rows(submission, submission.period),
        data=data,
        initial={"version": submission.version},
        require_all=require_all,
    )


def _render_page(request, submission, *, status=200, **context):
    """The report page: the form when one is given, otherwise the figures read-only."""
    user = request.user
    lock = entry_lock(submission.organization_id, submission.period)
    may_edit = can_edit_for(user, submission.organization) and submission.is_editable and not lock
    if may_edit:
        context.setdefault("upload_form", UploadForm())
    if "form" not in context or context["form"] is None:
        context["form"] = None
        context["groups"] = service.flag_changes(service.entry_rows(submission, submission.period))
    if can_review(user) and submission.status in Submission.SENT_STATUSES:
        context.setdefault(
            "review_form",
            ReviewForm(
                initial={"version": submission.version},
                past_entry=is_past_entry(submission.period),
            ),
        )
    if can_review(user) and submission.pk is not None:
        rows = [row for group in context.get("groups") or [] for row in group.rows]
        context["follow_ups"] = follow_ups_of(submission)
        if any(row.value is not None for row in rows):
            context["follow_up_form"] = FollowUpForm(rows)
    context.update(
        entry_lock=lock,
        submission=submission,
        organization=submission.organization,
        period=submission.period,
        may_edit=may_edit,
        trail=review_reads.trail(submission),
        reviewers=review_reads.reviewers() if not can_review(user) else [],
    )
    return render(request, "monitoring/submission_form.html", context, status=status)

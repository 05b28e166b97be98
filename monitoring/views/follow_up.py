"""Values «на контроль»: marked on the report page, listed and closed here."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from moc_portal.core.access import permission_required
from programs.models import Organization

from ..forms import CloseFollowUpForm, FollowUpForm
from ..models import FollowUp
from ..selectors.follow_up import open_follow_ups
from ..services import follow_up as service
from ..services import submissions
from .periods import period_or_404

reviewers_only = permission_required(
    "monitoring.review_submission", "Ставить значения на контроль могут методисты и координаторы."
)


@require_GET
@reviewers_only
def follow_up_list(request):
    return render(
        request,
        "monitoring/follow_up_list.html",
        {"follow_ups": open_follow_ups(), "close_form": CloseFollowUpForm()},
    )


@require_POST
@reviewers_only
def mark(request, period, organization):
    period = period_or_404(period)
    submission = submissions.find_submission(
        get_object_or_404(Organization, slug=organization), period
    )
    if submission is None:
        messages.error(request, "Организация ещё не начинала этот отчёт: отмечать нечего.")
        return redirect("monitoring:submission", period=period.code, organization=organization)
    rows = [row for group in submissions.entry_rows(submission, period) for row in group.rows]
    form = FollowUpForm(rows, request.POST)
    if form.is_valid():
        try:
            service.mark_for_follow_up(
                submission, form.chosen_key(), form.cleaned_data["note"], request.user
            )
            messages.success(request, "Значение поставлено на контроль.")
        except submissions.SubmissionError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, "Выберите значение и напишите, что проверить.")
    return redirect(submission.get_absolute_url())


@require_POST
@reviewers_only
def close(request, pk):
    follow_up = FollowUp.objects.filter(pk=pk).first()
    if follow_up is None:  # a form left open after someone removed the report
        messages.error(request, "Такой отметки больше нет.")
        return redirect("monitoring:follow_up")
    form = CloseFollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Напишите решение, чтобы снять значение с контроля.")
        return redirect("monitoring:follow_up")
    try:
        service.close_follow_up(follow_up, form.cleaned_data["resolution"], request.user)
        messages.success(request, "Значение снято с контроля.")
    except submissions.SubmissionError as error:
        messages.error(request, str(error))
    return redirect("monitoring:follow_up")

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from moc_portal.core.consent import record_consent
from moc_portal.core.page_cache import public_page
from moc_portal.core.ratelimits import RateLimit
from moc_portal.core.uploads import upload_response

from . import selectors
from .forms import CONSENT_PURPOSE, PracticeForm
from .models import PracticeSettings
from .services.submissions import resubmit_practice, submit_practice
from .services.workflow import WorkflowError

RATE_LIMIT_SCOPE = "practice-submit"
RATE_LIMIT_SECONDS = 60 * 60
SESSION_REFERENCE = "best_practices:last_reference"
SESSION_EMAIL = "best_practices:last_email"


@public_page
def practice_list(request):
    return render(
        request, "best_practices/practice_list.html", {"bank": selectors.browse(request.GET)}
    )


@public_page
def practice_detail(request, slug):
    practice = selectors.public_practice(slug)
    if practice is None:
        raise Http404("Практика не найдена")
    return render(request, "best_practices/practice_detail.html", {"practice": practice})


def material_download(request, slug, pk):
    material = selectors.public_material(slug, pk)
    if material is None:
        raise Http404("Материал не найден")
    if not material.file:
        return redirect(material.video_url)
    return upload_response(material.file, download_name=material.download_name)


def _too_many(request, form):
    """Counts this sending; True (and an error on the form) when the client's quota is spent."""
    per_hour = PracticeSettings.load().submissions_per_hour
    if RateLimit(RATE_LIMIT_SCOPE, per_hour, RATE_LIMIT_SECONDS).exceeded_by(request):
        form.add_error(
            None,
            "С вашего адреса уже отправлено много заявок. Попробуйте через час "
            "или напишите в МОЦ по e-mail.",
        )
        form.rate_limited = True
        return True
    return False


def _status(form):
    return 429 if getattr(form, "rate_limited", False) else 200


def submit(request):
    form = PracticeForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and not _too_many(request, form):
            practice = submit_practice(
                form.cleaned_data,
                files=form.cleaned_data["files"],
                video_links=form.cleaned_data["video_links"],
                consent=record_consent(request, CONSENT_PURPOSE),
            )
            request.session[SESSION_REFERENCE] = practice.reference
            request.session[SESSION_EMAIL] = practice.contact_email
            return redirect("best_practices:submitted")
        status = _status(form)
    return render(request, "best_practices/practice_form.html", {"form": form}, status=status)


def submitted(request):
    reference = request.session.get(SESSION_REFERENCE)
    if not reference:
        return redirect("best_practices:submit")
    context = {"reference": reference, "email": request.session.get(SESSION_EMAIL, "")}
    return render(request, "best_practices/practice_submitted.html", context)


def revise(request, token):
    practice = selectors.practice_for_revision(token)
    if practice is None:
        raise Http404("Практика не найдена или уже не ждёт доработки")
    form = PracticeForm(request.POST or None, request.FILES or None, instance=practice)
    status = 200
    if request.method == "POST":
        if form.is_valid() and not _too_many(request, form):
            try:
                resubmit_practice(
                    practice,
                    form.cleaned_data,
                    files=form.cleaned_data["files"],
                    video_links=form.cleaned_data["video_links"],
                    consent=record_consent(request, CONSENT_PURPOSE),
                )
            except WorkflowError:  # sent twice, or the МОЦ changed its status meanwhile
                messages.error(request, "Практика уже не ждёт доработки: её статус изменился.")
                return redirect("best_practices:list")
            messages.success(request, "Спасибо! Доработанная практика снова подана.")
            request.session[SESSION_REFERENCE] = practice.reference
            request.session[SESSION_EMAIL] = practice.contact_email
            return redirect("best_practices:submitted")
        status = _status(form)
    context = {
        "form": form,
        "practice": practice,
        "return_comment": selectors.last_return_comment(practice),
    }
    return render(request, "best_practices/practice_form.html", context, status=status)

"""The public face of the quality assessment: the parents' survey and the published results."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from moc_portal.core.ratelimits import RateLimit, too_many_requests
from programs.models import Program

from . import selectors, services
from .browser_marks import answered_organizations, remember_answer
from .forms import SurveyForm

# A class answering on the school's computers shares one address: generous, but a script
# posting hundreds of answers is stopped.
SURVEY_ANSWERS = RateLimit("survey-answer", count=30, window=60 * 60)


def _campaign(slug):
    campaign = selectors.campaign_by_slug(slug)
    if campaign is None:
        raise Http404("Такого опроса нет.")
    return campaign


def survey_index(request):
    return render(
        request,
        "quality/survey_index.html",
        {
            "open_campaigns": selectors.open_campaigns(),
            "published": selectors.published_campaigns(),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def survey(request, slug):
    campaign = _campaign(slug)
    if not campaign.is_open_on(timezone.localdate()):
        return render(request, "quality/survey_closed.html", {"campaign": campaign})
    choices = selectors.survey_choices(campaign)
    already = None
    if request.method == "POST":
        if SURVEY_ANSWERS.exceeded_by(request):
            return too_many_requests(request, SURVEY_ANSWERS)
        form = SurveyForm(request.POST, choices=choices)
        if form.is_valid():
            organization = form.organization_object
            if organization.id in answered_organizations(request, campaign):
                already = organization
            else:
                program_id = form.cleaned_data["program"]
                services.submit_response(
                    campaign,
                    organization=organization,
                    program=Program(pk=program_id) if program_id else None,
                    options=form.answers(),
                    comment=form.cleaned_data["comment"],
                )
                response = redirect("quality:thanks", slug=campaign.slug)
                return remember_answer(response, request, campaign, organization.id)
    else:
        form = SurveyForm(choices=choices)
    return render(
        request,
        "quality/survey_form.html",
        {"campaign": campaign, "form": form, "already": already},
    )


def thanks(request, slug):
    campaign = _campaign(slug)
    return render(request, "quality/survey_thanks.html", {"campaign": campaign})


def results(request, slug):
    campaign = _campaign(slug)
    if not campaign.results_published:
        raise Http404("Результаты этого опроса ещё не опубликованы.")
    return render(
        request,
        "quality/results.html",
        {
            "campaign": campaign,
            "results": selectors.campaign_results(campaign),
            "criteria": selectors.CRITERIA,
        },
    )

"""The scores agree with an independent computation of the federal methodology (Приказ
Минтруда России № 344н: shares of satisfied respondents, weighted per criterion, the total
as the mean of five criteria), and organizations under the minimum sample are not published."""

import random
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from quality.models import Answer, Option, Response
from quality.selectors import campaign_results
from quality.services import build_results_xlsx, exclude_burst
from tests.factories import make_organization
from tests.quality.factories import generate_answers, make_campaign

pytestmark = pytest.mark.django_db

# The survey part of 344н's formulas, written out here on their own (not read from the app).
FORMULAS = {
    "openness": {"openness_stands": 0.2, "openness_site": 0.2},
    "comfort": {"comfort_conditions": 0.5},
    "accessibility": {"accessibility_disabled": 0.3},
    "courtesy": {
        "courtesy_first_contact": 0.4,
        "courtesy_service": 0.4,
        "courtesy_remote": 0.2,
    },
    "satisfaction": {
        "satisfaction_recommend": 0.3,
        "satisfaction_schedule": 0.2,
        "satisfaction_overall": 0.5,
    },
}
NOT_COUNTED = {"Не видел(а) стендов", "Не заходил(а) на сайт", "Не относится к нам",
               "Не обращался(ась) так"}  # fmt: skip


def independent_scores(campaign, organization):
    """{criterion: score, "total": score} as floats, from the raw answers."""
    satisfied, answered = {}, {}
    rows = Answer.objects.filter(
        response__campaign=campaign, response__organization=organization,
        response__exclusion=None,
    ).values_list("question__code", "option__text")  # fmt: skip
    for code, text in rows:
        if text in NOT_COUNTED:
            continue
        answered[code] = answered.get(code, 0) + 1
        satisfied[code] = satisfied.get(code, 0) + (text == "Да")
    scores = {}
    for criterion, weights in FORMULAS.items():
        shares = {c: 100 * satisfied[c] / answered[c] for c in weights if answered.get(c)}
        if shares:
            scores[criterion] = sum(weights[c] * s for c, s in shares.items()) / sum(
                weights[c] for c in shares
            )
    scores["total"] = sum(scores.values()) / len(scores)
    return scores


def close(computed, expected):
    return abs(float(computed) - expected) <= 0.0051


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_scores_agree_with_an_independent_computation_of_the_methodology(seed):
    rng = random.Random(seed)
    organizations = [make_organization() for _ in range(3)]
    campaign = make_campaign(organizations)
    for number, organization in enumerate(organizations):
        generate_answers(campaign, organization, rng.randint(12, 80), seed=seed * 10 + number)
    for result in campaign_results(campaign):
        expected = independent_scores(campaign, result.organization)
        for criterion in result.criteria:
            assert close(criterion.score, expected[criterion.criterion.value]), criterion
        assert close(result.total, expected["total"])
        assert (
            result.respondents == Response.objects.filter(organization=result.organization).count()
        )


def test_a_hand_computed_case():
    """Four parents: every indicator «Да» 3 of 4, except the disability question, where two
    are «не относится» and one of the other two says «Да»."""
    organization = make_organization()
    campaign = make_campaign([organization], minimum_sample=4)
    questions = list(campaign.questions.prefetch_related("options"))
    for number in range(4):
        response = Response.objects.create(
            campaign=campaign, organization=organization, received_at="2026-12-01T10:00Z"
        )
        for question in questions:
            options = {o.text: o for o in question.options.all()}
            if question.code == "accessibility_disabled":
                text = ("Да", "Нет", "Не относится к нам", "Не относится к нам")[number]
            else:
                text = "Да" if number < 3 else "Нет"
            Answer.objects.create(response=response, question=question, option=options[text])
    (result,) = campaign_results(campaign)
    scores = {c.criterion.value: c.score for c in result.criteria}
    assert scores == {
        "openness": Decimal("75.00"),
        "comfort": Decimal("75.00"),
        "accessibility": Decimal("50.00"),
        "courtesy": Decimal("75.00"),
        "satisfaction": Decimal("75.00"),
    }
    assert result.total == Decimal("70.00")  # (75 × 4 + 50) / 5


def test_excluded_answers_are_not_counted(django_user_model):
    organization = make_organization()
    campaign = make_campaign([organization], minimum_sample=5)
    generate_answers(campaign, organization, 12, seed=4)
    burst = generate_answers(campaign, organization, 9, seed=5, spread=False)
    methodist = django_user_model.objects.create_user("m", is_staff=True)
    exclude_burst(campaign, organization, burst[0].received_at, user=methodist)
    (result,) = campaign_results(campaign)
    assert result.respondents == Response.objects.filter(exclusion=None).count()
    expected = independent_scores(campaign, organization)
    assert close(result.total, expected["total"])


def test_organizations_under_the_minimum_sample_are_not_published(client):
    enough, few = make_organization(short_name="Много"), make_organization(short_name="Мало")
    campaign = make_campaign([enough, few], published=True, minimum_sample=10)
    generate_answers(campaign, enough, 10, seed=1)
    generate_answers(campaign, few, 9, seed=2)
    response = client.get(reverse("quality:results", kwargs={"slug": campaign.slug}))
    by_organization = {r.organization: r for r in response.context["results"]}
    assert by_organization[enough].published and not by_organization[few].published
    html = response.content.decode()
    row = html[html.index(f'data-organization="{few.pk}"') :].split("</tr>")[0]
    assert '<td class="text-end">' not in row  # no respondents, no scores
    sheet = load_workbook(__import__("io").BytesIO(build_results_xlsx(campaign))).worksheets[0]
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True) if r[0] in ("Много", "Мало")}
    assert isinstance(rows["Много"][2], (int, float))
    assert all(not isinstance(value, (int, float)) for value in rows["Мало"][2:] if value)


def test_results_are_not_public_until_published(client):
    campaign = make_campaign()
    url = reverse("quality:results", kwargs={"slug": campaign.slug})
    assert client.get(url).status_code == 404
    campaign.results_published = True
    campaign.save()
    assert client.get(url).status_code == 200


def test_comments_are_never_on_the_public_results_page(client):
    organization = make_organization()
    campaign = make_campaign([organization], published=True, minimum_sample=1)
    generate_answers(campaign, organization, 10)
    assert Response.objects.exclude(comment="").exists()
    html = client.get(reverse("quality:results", kwargs={"slug": campaign.slug})).content
    assert "Комментарий".encode() not in html


def test_a_criterion_with_no_counted_answers_is_left_out_of_the_total():
    organization = make_organization()
    campaign = make_campaign([organization], minimum_sample=1)
    response = Response.objects.create(
        campaign=campaign, organization=organization, received_at="2026-12-01T10:00Z"
    )
    for question in campaign.questions.all():
        option = Option.objects.filter(question=question).order_by("order").first()
        if question.code == "accessibility_disabled":
            option = question.options.get(counted=False)
        Answer.objects.create(response=response, question=question, option=option)
    (result,) = campaign_results(campaign)
    assert result.criterion("accessibility").score is None
    assert result.total == Decimal("100.00")

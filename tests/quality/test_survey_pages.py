"""The parents' survey at /survey/<campaign>/: answering, one answer per organization per
browser, the honeypot, the per-address limit, closed campaigns, and the query budgets."""

import datetime

import pytest
from django.urls import reverse

from quality import views
from quality.models import Answer, Response
from tests.factories import make_organization, make_program
from tests.quality.factories import generate_answers, make_campaign, survey_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    return make_campaign([make_organization(short_name="ДДТ"), make_organization()])


def url(campaign):
    return reverse("quality:survey", kwargs={"slug": campaign.slug})


def test_the_survey_page_offers_the_organizations_and_every_question(client, campaign):
    response = client.get(url(campaign))
    assert response.status_code == 200
    form = response.context["form"]
    assert {o.pk for o in campaign.organizations.all()} == {
        int(value) for value, _ in form.fields["organization"].choices if value
    }
    assert len(form.question_fields) == campaign.questions.count() == 10


def test_a_parent_answers_and_is_thanked(client, campaign):
    organization = campaign.organizations.first()
    program = make_program(organization=organization)
    response = client.post(
        url(campaign), survey_post(campaign, organization, program=program, comment=" Спасибо ")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("quality:thanks", kwargs={"slug": campaign.slug})
    stored = Response.objects.get()
    assert (stored.organization, stored.program, stored.comment) == (
        organization,
        program,
        "Спасибо",
    )
    assert Answer.objects.filter(response=stored).count() == 10


def test_a_second_answer_from_the_same_browser_about_the_same_organization_is_refused(
    client, campaign
):
    first, second = campaign.organizations.order_by("pk")
    client.post(url(campaign), survey_post(campaign, first))
    again = client.post(url(campaign), survey_post(campaign, first, satisfied=False))
    assert again.status_code == 200
    assert again.context["already"] == first
    assert Response.objects.count() == 1
    # Another organization from the same browser is welcome.
    assert client.post(url(campaign), survey_post(campaign, second)).status_code == 302
    assert Response.objects.count() == 2


def test_a_forged_cookie_is_ignored_not_trusted(client, campaign):
    organization = campaign.organizations.first()
    client.cookies[f"moc_survey_{campaign.pk}"] = "999"
    assert client.post(url(campaign), survey_post(campaign, organization)).status_code == 302


def test_the_honeypot_keeps_robots_out(client, campaign):
    organization = campaign.organizations.first()
    response = client.post(
        url(campaign), survey_post(campaign, organization, website="http://spam.example")
    )
    assert response.status_code == 200
    assert Response.objects.count() == 0


def test_unanswered_questions_are_marked_and_the_answers_kept(client, campaign):
    organization = campaign.organizations.first()
    data = survey_post(campaign, organization)
    question = campaign.questions.order_by("order").first()
    del data[f"q{question.pk}"]
    response = client.post(url(campaign), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [f"q{question.pk}"]
    assert form["organization"].value() == str(organization.pk)
    assert Response.objects.count() == 0


@pytest.mark.parametrize(
    "field, value", [("organization", "abc"), ("organization", "999999"), ("program", "x")]
)
def test_bad_input_is_a_form_error_not_a_500(client, campaign, field, value):
    data = survey_post(campaign, campaign.organizations.first())
    data[field] = value
    response = client.post(url(campaign), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_a_program_of_another_organization_is_refused(client, campaign):
    first, second = campaign.organizations.order_by("pk")
    other_program = make_program(organization=second)
    response = client.post(url(campaign), survey_post(campaign, first, program=other_program))
    assert "program" in response.context["form"].errors


def test_an_organization_outside_the_campaign_cannot_be_chosen(client, campaign):
    outsider = make_organization()
    response = client.post(url(campaign), survey_post(campaign, outsider))
    assert "organization" in response.context["form"].errors


def test_too_many_answers_from_one_address_are_refused(client, campaign, monkeypatch):
    monkeypatch.setattr(views, "SURVEY_ANSWERS", views.RateLimit("survey-test", 2, 3600))
    organizations = list(campaign.organizations.all())
    statuses = []
    for number in range(3):
        client.cookies.clear()
        statuses.append(
            client.post(url(campaign), survey_post(campaign, organizations[number % 2])).status_code
        )
    assert statuses == [302, 302, 429]
    assert Response.objects.count() == 2


def test_a_closed_campaign_takes_no_answers(client):
    campaign = make_campaign(ends_on=datetime.date(2026, 12, 1))
    organization = campaign.organizations.first()
    response = client.post(url(campaign), survey_post(campaign, organization))
    assert response.status_code == 200
    assert "form" not in response.context
    assert Response.objects.count() == 0


def test_an_unknown_campaign_is_404(client):
    assert client.get("/survey/no-such-survey/").status_code == 404


def test_the_index_lists_open_campaigns_and_published_results(client, campaign):
    past = make_campaign(
        starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 4, 1), published=True
    )
    response = client.get(reverse("quality:index"))
    assert list(response.context["open_campaigns"]) == [campaign]
    assert list(response.context["published"]) == [past]


@pytest.mark.parametrize("answers", [10, 1000])
def test_the_survey_page_reads_a_constant_number_of_queries(
    client, django_assert_max_num_queries, answers
):
    organizations = [make_organization() for _ in range(3)]
    campaign = make_campaign(organizations)
    for organization in organizations:
        make_program(organization=organization)
    generate_answers(campaign, organizations[0], answers)
    with django_assert_max_num_queries(8):
        assert client.get(url(campaign)).status_code == 200


@pytest.mark.parametrize("answers", [10, 1000])
def test_the_results_page_reads_a_constant_number_of_queries(
    client, django_assert_max_num_queries, answers
):
    organizations = [make_organization() for _ in range(3)]
    campaign = make_campaign(organizations, published=True)
    for number, organization in enumerate(organizations):
        generate_answers(campaign, organization, answers, seed=number)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("quality:results", kwargs={"slug": campaign.slug}))
    assert response.status_code == 200
    assert sum(r.respondents for r in response.context["results"]) == 3 * answers

"""Query budgets of the survey's pages: the public index and thanks pages and the admin's
results page read the same number of queries with few and with many campaigns, organizations
and answers (the survey form and the public results are pinned in test_survey_pages)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from moc_portal.roles import METHODISTS, REPRESENTATIVES
from quality.models import Response
from tests.factories import make_organization, make_program
from tests.quality.factories import generate_answers, make_campaign

pytestmark = pytest.mark.django_db

SMALL, LARGE = {"organizations": 2, "answers": 10}, {"organizations": 30, "answers": 300}


def campaign_with_answers(organizations, answers, **fields):
    """A campaign over `organizations` organizations (each with a program); `answers` answers
    about the first one, a few about each other; every fifth answer has a comment."""
    covered = [make_organization() for _ in range(organizations)]
    for organization in covered:
        make_program(organization=organization)
    campaign = make_campaign(covered, **fields)
    generate_answers(campaign, covered[0], answers)
    for number, organization in enumerate(covered[1:], start=1):
        generate_answers(campaign, organization, 5, seed=number)
    # Comments naming a program too: the comment list shows the program's title.
    Response.objects.filter(campaign=campaign, organization=covered[0]).exclude(comment="").update(
        program=covered[0].programs.first()
    )
    return campaign


@pytest.fixture(params=[SMALL, LARGE], ids=["small", "large"])
def size(request):
    return request.param


@pytest.mark.parametrize("campaigns", [1, 12])
def test_the_survey_index_reads_a_constant_number_of_queries(
    client, django_assert_max_num_queries, size, campaigns
):
    for number in range(campaigns):
        campaign_with_answers(size["organizations"] if number == 0 else 1, size["answers"])
        make_campaign(
            starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 4, 1), published=True
        )
    with django_assert_max_num_queries(3):
        response = client.get(reverse("quality:index"))
    assert response.status_code == 200
    assert (
        len(response.context["open_campaigns"]) == len(response.context["published"]) == campaigns
    )


def test_the_thanks_page_reads_a_constant_number_of_queries(
    client, django_assert_max_num_queries, size
):
    campaign = campaign_with_answers(**size, results_published=True)
    with django_assert_max_num_queries(2):
        response = client.get(reverse("quality:thanks", kwargs={"slug": campaign.slug}))
    assert response.status_code == 200


@pytest.fixture
def methodist(django_user_model):
    user = django_user_model.objects.create_user("methodist", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=METHODISTS))
    return user


def test_the_admin_results_page_reads_a_constant_number_of_queries(
    client, django_assert_max_num_queries, methodist, size
):
    campaign = campaign_with_answers(**size)
    client.force_login(methodist)
    url = reverse("admin:quality_campaign_results", args=[campaign.pk])
    with django_assert_max_num_queries(11):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["results"]) == size["organizations"]


def test_a_representatives_results_page_reads_a_constant_number_of_queries(
    client, django_assert_max_num_queries, django_user_model, size
):
    campaign = campaign_with_answers(**size)
    representative = django_user_model.objects.create_user("rep", password="x", is_staff=True)
    representative.groups.add(Group.objects.get(name=REPRESENTATIVES))
    for organization in campaign.organizations.all():
        organization.representatives.add(representative)
    client.force_login(representative)
    url = reverse("admin:quality_campaign_results", args=[campaign.pk])
    with django_assert_max_num_queries(11):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["results"]) == size["organizations"]

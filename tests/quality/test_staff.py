"""The staff side: a campaign created in the admin gets the starting questions; results,
comments and the XLSX are scoped to the person's organizations; bursts are listed and
excluded with a log entry, and restored; results are published by an action."""

import datetime
import io

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from openpyxl import load_workbook

from moc_portal.roles import METHODISTS, REPRESENTATIVES
from quality.models import Campaign, Criterion, Exclusion, Response
from quality.selectors import suspicious_bursts
from tests.factories import make_organization
from tests.quality.factories import generate_answers, make_campaign

pytestmark = pytest.mark.django_db


def campaign_log(campaign):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Campaign), object_id=str(campaign.pk)
    )


@pytest.fixture
def methodist(django_user_model):
    user = django_user_model.objects.create_user("methodist", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=METHODISTS))
    return user


@pytest.fixture
def two(django_user_model):
    own, other = make_organization(short_name="Своя"), make_organization(short_name="Чужая")
    campaign = make_campaign([own, other], minimum_sample=3)
    generate_answers(campaign, own, 5, seed=1)
    generate_answers(campaign, other, 5, seed=2)
    Response.objects.filter(organization=own).update(comment="Свой отзыв")
    Response.objects.filter(organization=other).update(comment="Чужой отзыв")
    representative = django_user_model.objects.create_user("rep", password="x", is_staff=True)
    representative.groups.add(Group.objects.get(name=REPRESENTATIVES))
    own.representatives.add(representative)
    return {"own": own, "other": other, "campaign": campaign, "rep": representative}


def test_a_campaign_added_in_the_admin_gets_the_starting_questions(client, methodist):
    organization = make_organization()
    client.force_login(methodist)
    response = client.post(
        reverse("admin:quality_campaign_add"),
        {
            "title": "Осенний опрос",
            "slug": "osen",
            "starts_on": "01.11.2026",
            "ends_on": "30.11.2026",
            "organizations": [organization.pk],
            "minimum_sample": 10,
            "burst_threshold": 8,
            "questions-TOTAL_FORMS": 0,
            "questions-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    campaign = Campaign.objects.get(slug="osen")
    assert {q.criterion for q in campaign.questions.all()} == set(Criterion.values)
    assert all(q.options.filter(satisfied=True).exists() for q in campaign.questions.all())


def test_the_add_form_starts_with_the_configured_minimum_sample(client, methodist, settings):
    settings.QUALITY_MINIMUM_SAMPLE = 25
    client.force_login(methodist)
    response = client.get(reverse("admin:quality_campaign_add"))
    assert response.context["adminform"].form.initial["minimum_sample"] == 25


def test_a_representative_sees_only_their_organizations_results_and_comments(client, two):
    client.force_login(two["rep"])
    campaign = two["campaign"]
    response = client.get(reverse("admin:quality_campaign_results", args=[campaign.pk]))
    assert response.status_code == 200
    assert [r.organization for r in response.context["results"]] == [two["own"]]
    assert {c.organization for c in response.context["comments"]} == {two["own"]}
    assert "Чужой отзыв" not in response.content.decode()
    listed = client.get(reverse("admin:quality_response_changelist")).context["cl"].result_list
    assert {r.organization for r in listed} == {two["own"]}
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("admin:quality_campaign_xlsx", args=[campaign.pk])).content)
    ).worksheets[0]
    names = {row[0] for row in sheet.iter_rows(values_only=True)}
    assert "Своя" in names and "Чужая" not in names


def test_a_representative_does_not_see_campaigns_without_their_organization(client, two):
    elsewhere = make_campaign([two["other"]])
    client.force_login(two["rep"])
    assert (
        client.get(reverse("admin:quality_campaign_results", args=[elsewhere.pk])).status_code
        == 404
    )
    listed = client.get(reverse("admin:quality_campaign_changelist")).context["cl"].result_list
    assert list(listed) == [two["campaign"]]


def test_a_representative_may_not_exclude_answers_or_publish(client, two):
    client.force_login(two["rep"])
    campaign = two["campaign"]
    assert (
        client.get(reverse("admin:quality_campaign_bursts", args=[campaign.pk])).status_code == 403
    )
    client.post(
        reverse("admin:quality_campaign_changelist"),
        {"action": "publish_results", "_selected_action": [campaign.pk]},
    )
    campaign.refresh_from_db()
    assert not campaign.results_published


def test_a_methodist_sees_a_burst_excludes_it_with_a_log_and_restores_it(client, methodist):
    organization = make_organization(short_name="Накрученная")
    campaign = make_campaign([organization], burst_threshold=5)
    generate_answers(campaign, organization, 12, seed=3)  # spread over ten days
    burst = generate_answers(campaign, organization, 7, seed=4, spread=False)
    (found,) = suspicious_bursts(campaign)
    assert (found.organization, found.answers) == (organization, 7)

    client.force_login(methodist)
    page = client.get(reverse("admin:quality_campaign_bursts", args=[campaign.pk]))
    assert list(page.context["bursts"]) == [found]
    response = client.post(
        reverse("admin:quality_campaign_bursts", args=[campaign.pk]),
        {
            "organization": organization.pk,
            "window_start": found.window_start.isoformat(),
            "reason": "Все ответы одинаковые",
        },
    )
    assert response.status_code == 302
    exclusion = Exclusion.objects.get()
    assert (exclusion.answers, exclusion.excluded_by) == (7, methodist)
    assert set(Response.objects.filter(exclusion=exclusion)) == set(burst)
    assert suspicious_bursts(campaign) == []
    log = campaign_log(campaign).latest("action_time")
    assert log.user == methodist and "Все ответы одинаковые" in log.change_message

    client.post(
        reverse("admin:quality_exclusion_changelist"),
        {"action": "restore", "_selected_action": [exclusion.pk]},
    )
    assert not Exclusion.objects.exists()
    assert not Response.objects.exclude(exclusion=None).exists()
    assert campaign_log(campaign).count() == 2


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"organization": "x", "window_start": "vchera"},
        {"organization": "1", "window_start": "2026-12-01T10:00"},
        {"organization": "1", "window_start": "2026-13-45T10:00"},
    ],
)
def test_a_wrong_exclusion_request_is_a_message_not_a_500(client, methodist, data):
    campaign = make_campaign()
    client.force_login(methodist)
    response = client.post(reverse("admin:quality_campaign_bursts", args=[campaign.pk]), data)
    assert response.status_code == 302
    assert not Exclusion.objects.exists()


def test_a_methodist_publishes_results_with_the_action(client, methodist):
    campaign = make_campaign(ends_on=datetime.date(2026, 12, 1))
    client.force_login(methodist)
    client.post(
        reverse("admin:quality_campaign_changelist"),
        {"action": "publish_results", "_selected_action": [campaign.pk]},
    )
    campaign.refresh_from_db()
    assert campaign.results_published
    assert campaign_log(campaign).exists()


def test_the_staff_pages_fit_a_phone_width_markup(client, methodist):
    """The admin's own results and bursts pages keep wide tables in a scrolling box."""
    campaign = make_campaign()
    client.force_login(methodist)
    html = client.get(reverse("admin:quality_campaign_results", args=[campaign.pk])).content
    assert b'class="results-scroll"' in html and b"admin_quality.css" in html


def test_the_staff_home_links_a_representative_to_their_campaigns_results(client, two):
    elsewhere = make_campaign([two["other"]])
    client.force_login(two["rep"])
    sections = {s.title: s for s in client.get("/admin/").context["sections"]}
    urls = [item.url for item in sections["Оценка качества"].items]
    assert urls == [reverse("admin:quality_campaign_results", args=[two["campaign"].pk])]
    assert reverse("admin:quality_campaign_results", args=[elsewhere.pk]) not in urls

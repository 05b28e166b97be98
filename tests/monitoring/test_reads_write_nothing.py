"""A GET request writes nothing: the month just ended is read from the calendar, and its
reporting period's row is made by the first save (or by the schedule), never by a page view."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from moc_portal.core.months import Month
from monitoring.models import ReportingPeriod, Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def rep_client(client, django_user_model, organization):
    user = django_user_model.objects.create_user("rep", is_staff=True)
    organization.representatives.add(user)
    client.force_login(user)
    return client


@pytest.fixture
def coordinator_client(client, django_user_model):
    user = django_user_model.objects.create_user("coordinator", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_dashboard"))
    client.force_login(user)
    return client


def report_url(organization, name="submission", month=None):
    return reverse(f"monitoring:{name}", args=[month or Month.last_ended(), organization.slug])


def test_the_dashboard_without_a_period_shows_the_month_just_ended_and_creates_no_row(
    coordinator_client,
):
    response = coordinator_client.get(reverse("monitoring:dashboard"))

    assert response.status_code == 200
    assert response.context["period"].calendar_month == Month.last_ended()
    assert response.context["period"].pk is None
    choices = [code for code, _ in response.context["period_form"].fields["period"].choices]
    assert choices == [Month.last_ended().code]
    assert not ReportingPeriod.objects.exists()


def test_the_list_of_reports_offers_the_month_just_ended_and_creates_no_row(
    rep_client, organization
):
    response = rep_client.get(reverse("monitoring:my_submissions"))

    assert response.status_code == 200
    assert [period.code for period in response.context["periods"]] == [Month.last_ended().code]
    assert report_url(organization) in response.content.decode()
    assert not ReportingPeriod.objects.exists()


@pytest.mark.parametrize("name", ["submission", "submission_template"])
def test_the_report_page_and_its_template_of_the_month_just_ended_write_nothing(
    rep_client, organization, name
):
    assert rep_client.get(report_url(organization, name)).status_code == 200
    assert not ReportingPeriod.objects.exists()
    assert not Submission.objects.exists()


def test_the_first_save_creates_the_period_with_its_deadline_and_the_report(
    rep_client, organization
):
    month = Month.last_ended()
    response = rep_client.post(
        report_url(organization), {"version": "0", "action": "save", "children_total": "7"}
    )

    assert response.status_code == 302
    period = ReportingPeriod.objects.get()
    assert (period.calendar_month, period.deadline) == (month, month.next().day(5))
    submission = Submission.objects.get(period=period, organization=organization)
    assert submission.values.get(indicator__code="children_total").value == Decimal(7)


def test_another_month_without_a_period_is_not_found_and_not_created(rep_client, organization):
    older = Month.last_ended().previous()
    assert rep_client.get(report_url(organization, month=older)).status_code == 404
    assert not ReportingPeriod.objects.exists()


def test_ordering_the_report_of_the_month_just_ended_creates_its_period(coordinator_client):
    month = Month.last_ended()
    response = coordinator_client.post(reverse("monitoring:report_request", args=[month]))

    assert response.status_code == 302
    assert ReportingPeriod.objects.get().calendar_month == month

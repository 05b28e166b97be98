"""Closing and reopening periods belong to methodists; a reopened period keeps its frozen
snapshot. A coordinator may enter figures for an organization, and the report says so."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from moc_portal.roles import COORDINATORS, METHODISTS, REPRESENTATIVES
from monitoring.models import CatalogueSnapshot, ReportingPeriod, Submission, SubmissionEvent
from monitoring.services.periods import close_period
from tests.factories import make_organization, make_period, make_program
from tests.pages import message_levels

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:monitoring_reportingperiod_changelist")


def member(django_user_model, username, group):
    user = django_user_model.objects.create_user(username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_a_coordinator_can_neither_close_nor_reopen_a_period(client, django_user_model):
    period = make_period(2026, 10)
    client.force_login(member(django_user_model, "coord", COORDINATORS))
    page = client.get(CHANGELIST)
    form = page.context["action_form"]  # None when no action is left for this person
    actions = [name for name, _ in form.fields["action"].choices] if form else []
    assert "close_selected" not in actions and "reopen_selected" not in actions
    client.post(CHANGELIST, {"action": "close_selected", "_selected_action": [period.pk]})
    period.refresh_from_db()
    assert not period.is_closed


def test_a_methodist_reopens_a_period_and_the_frozen_snapshot_stays(client, django_user_model):
    make_program(organization=make_organization())
    period = close_period(make_period(2026, 10))
    frozen = CatalogueSnapshot.objects.filter(period=period).count()
    assert frozen
    client.force_login(member(django_user_model, "met", METHODISTS))
    response = client.post(
        CHANGELIST, {"action": "reopen_selected", "_selected_action": [period.pk]}, follow=True
    )
    assert not ReportingPeriod.objects.get(pk=period.pk).is_closed
    assert CatalogueSnapshot.objects.filter(period=period).count() == frozen
    assert message_levels(response) == ["success"]


def entry_url(period, organization):
    return reverse("monitoring:submission", args=[period.code, organization.slug])


def test_a_coordinator_enters_figures_for_an_organization_and_the_report_records_it(
    client, django_user_model
):
    organization = make_organization()
    period = make_period(2026, 10)
    coordinator = member(django_user_model, "coord", COORDINATORS)
    client.force_login(coordinator)
    response = client.post(
        entry_url(period, organization),
        {"version": "0", "action": "save", "children_total": "12"},
    )
    assert response.status_code == 302
    submission = Submission.objects.get(organization=organization, period=period)
    assert submission.saved_by == coordinator
    (step,) = SubmissionEvent.objects.filter(submission=submission)
    assert (step.kind, step.user, step.on_behalf) == (
        SubmissionEvent.Kind.ENTERED,
        coordinator,
        True,
    )
    page = client.get(entry_url(period, organization))
    assert [event for event, _ in page.context["trail"]] == [step]
    assert (
        page.content.decode().count('class="badge text-bg-secondary review-trail-on-behalf"') == 1
    )


def test_a_representatives_own_entry_is_not_marked_as_on_behalf(client, django_user_model):
    organization = make_organization()
    period = make_period(2026, 10)
    representative = member(django_user_model, "rep", REPRESENTATIVES)
    organization.representatives.add(representative)
    client.force_login(representative)
    client.post(
        entry_url(period, organization),
        {"version": "0", "action": "save", "children_total": "12"},
    )
    submission = Submission.objects.get(organization=organization, period=period)
    assert submission.saved_by == representative
    assert not SubmissionEvent.objects.filter(submission=submission).exists()

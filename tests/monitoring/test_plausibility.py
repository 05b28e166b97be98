"""Plausibility: a big change against last month asks once for an explanation, never blocks,
and the explanation is kept with the value and shown to the reviewer."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from monitoring.models import MonitoringSettings, Submission, Value
from monitoring.services.submissions import big_changes
from tests.factories import make_period, make_submission
from tests.pages import message_levels

pytestmark = pytest.mark.django_db

SEPTEMBER = {
    "children_total": 100,
    ("children_total", "art"): 100,
    "children_tech_science": 0,
    "children_ovz": 4,
    "children_rural": 0,
    "children_hard_life": 1,
    "children_certificate": 50,
    "teachers_total": 8,
    "teachers_trained": 1,
    "events_total": 3,
    "event_participants": 40,
}
# October as typed: children 100 → 150 (+50 %), everything else as in September.
OCTOBER = {
    **{
        key if isinstance(key, str) else f"{key[0]}__{key[1]}": str(v)
        for key, v in SEPTEMBER.items()
    },
    "children_total": "150",
    "children_total__art": "150",
}


@pytest.fixture(autouse=True)
def accepted_september(organization):
    """The organization's accepted September: the figures October is compared with."""
    make_submission(
        organization=organization, period=make_period(2026, 9), status="accepted", values=SEPTEMBER
    )


@pytest.fixture
def rep_client(client, django_user_model, organization):
    user = django_user_model.objects.create_user("rep", is_staff=True)
    organization.representatives.add(user)
    client.force_login(user)
    return client


def url(period, organization):
    return reverse("monitoring:submission", args=[period.code, organization.slug])


def send(client, period, organization, **extra):
    return client.post(
        url(period, organization), {"version": "0", "action": "submit", **OCTOBER, **extra}
    )


def test_changes_above_the_share_are_flagged_and_small_ones_are_not():
    previous = {("a", None): Decimal(100), ("b", None): Decimal(100), ("c", None): Decimal(0)}
    current = {("a", None): Decimal(131), ("b", None): Decimal(70), ("c", None): Decimal(5)}
    changes = big_changes(current, previous, 30)
    assert set(changes) == {("a", None)}
    assert changes[("a", None)].percent == 31
    message = changes[("a", None)].message
    assert "+31 %" in message and "(100 → 131)" in message  # the share and both values


def test_sending_a_big_change_asks_once_for_an_explanation(rep_client, organization, period):
    response = send(rep_client, period, organization)
    assert response.status_code == 200
    assert message_levels(response) == ["warning"]
    form = response.context["form"]
    assert form.asking_explanations and form.limit_percent == 30
    [change] = form.unexplained_changes()
    assert (change.key, change.previous, change.current) == (("children_total", None), 100, 150)
    text = response.content.decode()
    hint = re.search(r'id="id_children_total__why_hint">([^<]*)<', text)
    assert "+50 %" in hint[1] and "(100 → 150)" in hint[1]
    assert 'name="children_total__why"' in text
    assert 'name="changes_seen"' in text
    assert not Submission.objects.filter(period=period).exists()


def test_a_second_send_goes_through_without_an_explanation(rep_client, organization, period):
    response = send(rep_client, period, organization, changes_seen="1")
    assert response.status_code == 302
    assert Submission.objects.get(period=period).status == Submission.Status.SUBMITTED


def test_an_explanation_is_stored_with_the_value_and_shown_to_the_reviewer(
    rep_client, client, django_user_model, organization, period
):
    response = send(
        rep_client, period, organization, children_total__why="Открыли два новых кружка."
    )
    assert response.status_code == 302
    value = Value.objects.get(
        submission__period=period, indicator__code="children_total", direction=None
    )
    assert value.explanation == "Открыли два новых кружка."
    reviewer = django_user_model.objects.create_user("methodist", is_staff=True)
    reviewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["review_submission", "view_dashboard"])
    )
    client.force_login(reviewer)
    page = client.get(url(period, organization))
    rows = {row.key: row for group in page.context["groups"] for row in group.rows}
    total = rows[("children_total", None)]
    assert (total.change.percent, total.explanation) == (50, "Открыли два новых кружка.")
    [note] = re.findall(r'class="[^"]*value-explanation">([^<]*)<', page.content.decode())
    assert "+50 %" in note and total.explanation in note


def test_the_share_is_a_setting(rep_client, organization, period):
    settings = MonitoringSettings.load()
    settings.change_warning_percent = 60
    settings.save()
    assert send(rep_client, period, organization).status_code == 302


def test_a_saved_draft_shows_the_explanation_field_beside_the_changed_figure(
    rep_client, organization, period
):
    rep_client.post(url(period, organization), {"version": "0", "action": "save", **OCTOBER})
    text = rep_client.get(url(period, organization)).content.decode()
    assert 'name="children_total__why"' in text
    assert 'name="children_ovz__why"' not in text  # unchanged: nothing to explain

"""The review trail: every step kept with who and when; coordinators review too."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from moc_portal.roles import COORDINATORS
from monitoring.models import Submission, SubmissionEvent
from monitoring.selectors.review import trail
from monitoring.services import submissions as service

pytestmark = pytest.mark.django_db

CONSISTENT = {
    ("children_total", None): Decimal(10),
    ("children_total", "art"): Decimal(10),
    ("children_tech_science", None): Decimal(0),
    ("children_ovz", None): Decimal(1),
    ("children_rural", None): Decimal(0),
    ("children_hard_life", None): Decimal(0),
    ("children_certificate", None): Decimal(5),
    ("teachers_total", None): Decimal(2),
    ("teachers_trained", None): Decimal(1),
    ("events_total", None): Decimal(1),
    ("event_participants", None): Decimal(10),
}


@pytest.fixture
def coordinator(django_user_model):
    user = django_user_model.objects.create_user(
        "coord", first_name="Олег", last_name="Котов", is_staff=True
    )
    user.groups.add(Group.objects.get(name=COORDINATORS))
    return user


def page(period, organization):
    return reverse("monitoring:submission", args=[period.code, organization.slug])


def review_url(period, organization):
    return reverse("monitoring:submission_review", args=[period.code, organization.slug])


def send(organization, period, user, version):
    return service.save_entry(organization, period, CONSISTENT, user, version, send=True)


def test_return_resend_accept_keeps_every_step_and_both_comments(
    client, organization, period, representative, coordinator
):
    submission = send(organization, period, representative, 0)
    client.force_login(coordinator)
    client.post(
        review_url(period, organization),
        {"action": "return", "version": "1", "comment": "Нет данных по педагогам."},
    )
    submission = service.save_entry(organization, period, CONSISTENT, representative, 1, send=True)
    client.post(
        review_url(period, organization),
        {"action": "return", "version": "2", "comment": "Проверьте число участников."},
    )
    send(organization, period, representative, 2)
    client.post(review_url(period, organization), {"action": "accept", "version": "3"})

    submission = Submission.objects.get(pk=submission.pk)
    assert submission.status == Submission.Status.ACCEPTED
    steps = [(label, event.user.username, event.comment) for event, label in trail(submission)]
    assert steps == [
        ("Отправлен", "rep", ""),
        ("Возвращён на доработку", "coord", "Нет данных по педагогам."),
        ("Отправлен повторно", "rep", ""),
        ("Возвращён на доработку", "coord", "Проверьте число участников."),
        ("Отправлен повторно", "rep", ""),
        ("Принят", "coord", ""),
    ]
    client.force_login(representative)
    response = client.get(page(period, organization))
    assert response.context["trail"] == trail(submission)
    text = response.content.decode()
    assert text.count('class="review-trail-step ') == 6
    assert "Нет данных по педагогам." in text and "Проверьте число участников." in text
    assert text.count("Отправлен повторно") == 2


def test_a_coordinator_sees_the_review_form_and_may_accept(
    client, organization, period, representative, coordinator
):
    send(organization, period, representative, 0)
    client.force_login(coordinator)
    shown = client.get(page(period, organization))
    assert shown.context["review_form"] is not None
    assert f'action="{review_url(period, organization)}"' in shown.content.decode()
    response = client.post(review_url(period, organization), {"action": "accept", "version": "1"})
    assert response.status_code == 302
    assert SubmissionEvent.objects.filter(kind="accepted", user=coordinator).exists()


def test_the_representative_is_told_who_will_review(
    client, organization, period, representative, coordinator
):
    client.force_login(representative)
    response = client.get(page(period, organization))
    assert response.context["reviewers"] == [coordinator]
    [who] = re.findall(r'<p[^>]*id="who-reviews">([^<]*)</p>', response.content.decode())
    assert coordinator.get_full_name() in who


def test_staff_without_the_review_permission_is_refused_in_russian(
    client, organization, period, representative
):
    send(organization, period, representative, 0)
    client.force_login(representative)
    response = client.post(review_url(period, organization), {"action": "accept", "version": "1"})
    assert response.status_code == 403
    assert "могут методисты и координаторы МОЦ" in response.content.decode()
    assert not SubmissionEvent.objects.filter(kind="accepted").exists()

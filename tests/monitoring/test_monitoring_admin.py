import pytest
from django.urls import reverse

from monitoring.models import CatalogueSnapshot, Indicator, ReportingPeriod
from tests.factories import make_organization, make_period, make_program, make_submission
from tests.pages import listed

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    ["indicator", "target", "municipalfigure", "reportingperiod", "submission", "monthlyreport"],
)
def test_changelists_open(admin_client, model):
    make_submission(values={"children_total": 5})
    response = admin_client.get(reverse(f"admin:monitoring_{model}_changelist"))
    assert response.status_code == 200


def test_indicator_admin_shows_the_seeded_set(admin_client):
    response = admin_client.get(reverse("admin:monitoring_indicator_changelist"))
    assert listed(response) == set(Indicator.objects.all())
    assert "coverage_total" in response.content.decode()


def test_submission_page_shows_the_values(admin_client):
    submission = make_submission(values={"children_total": 321})
    html = admin_client.get(
        reverse("admin:monitoring_submission_change", args=[submission.pk])
    ).content.decode()
    assert "321" in html


def test_closing_a_period_from_the_admin_snapshots_the_catalogue(admin_client):
    period = make_period(2026, 10)
    make_program(organization=make_organization())
    response = admin_client.post(
        reverse("admin:monitoring_reportingperiod_changelist"),
        {"action": "close_selected", "_selected_action": [period.pk]},
    )
    assert response.status_code == 302
    assert ReportingPeriod.objects.get(pk=period.pk).is_closed
    assert CatalogueSnapshot.objects.filter(period=period).exists()

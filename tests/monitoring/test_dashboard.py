import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from monitoring.models import Indicator, MunicipalFigure, Target
from tests.factories import make_organization, make_period, make_program, make_submission

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("monitoring:dashboard")


@pytest.fixture
def coordinator(django_user_model):
    user = django_user_model.objects.create_user("coordinator", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_dashboard"))
    return user


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_without_the_permission_is_refused(client, django_user_model):
    representative = django_user_model.objects.create_user("rep", password="pw", is_staff=True)
    client.force_login(representative)
    assert client.get(DASHBOARD).status_code == 403


def test_dashboard_shows_completeness_key_figures_and_breakdowns(client, coordinator):
    period = make_period(2026, 10)
    accepted = make_submission(
        period=period,
        status="accepted",
        values={"children_total": 300, ("children_total", "tech"): 120},
        organization=make_organization(short_name="ДДТ"),
    )
    make_submission(period=period, status="returned", organization=make_organization())
    make_organization(short_name="Молчуны")
    make_submission(
        period=make_period(2026, 9),
        organization=accepted.organization,
        values={"children_total": 250},
    )
    population = Indicator.objects.get(code="children_population")
    MunicipalFigure.objects.create(indicator=population, year=2026, value=600)
    Target.objects.create(
        indicator=Indicator.objects.get(code="coverage_total"), year=2026, value=80
    )
    make_program(organization=accepted.organization)
    client.force_login(coordinator)
    response = client.get(DASHBOARD, {"period": "2026-10"})
    assert response.status_code == 200
    html = response.content.decode()
    counts = response.context["status_counts"]
    assert (counts["sent"], counts["total"]) == (1, 3)
    assert (counts["accepted"], counts["returned"], counts["not_started"]) == (1, 1, 1)
    key = {kf.indicator.code: kf for kf in response.context["key_figures"]}
    assert key["coverage_total"].value == 50  # 300 of 600 children
    assert key["coverage_total"].gap == -30
    trend = {bar.label: bar.value for bar in response.context["trend"]}
    assert trend["сен"] == 250 and trend["окт"] == 300
    directions = {bar.label: bar.value for bar in response.context["by_direction"]}
    assert directions["Техническая"] == 120
    assert "Молчуны" in html
    assert f'action="{reverse("monitoring:report_request", args=["2026-10"])}"' in html


def test_unknown_or_malformed_period_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get(DASHBOARD, {"period": "2026-13"}).status_code == 404
    assert client.get(DASHBOARD, {"period": "abc"}).status_code == 404
    assert client.get(DASHBOARD, {"period": "2030-01"}).status_code == 404


def test_without_a_period_it_shows_last_month(client, coordinator):
    client.force_login(coordinator)
    response = client.get(DASHBOARD)
    assert response.status_code == 200


@pytest.mark.parametrize("organizations", [3, 30])
def test_dashboard_query_count_does_not_grow_with_organizations(
    client, coordinator, django_assert_max_num_queries, organizations
):
    period = make_period(2026, 10)
    for _ in range(organizations):
        make_submission(period=period, values={"children_total": 10})
    client.force_login(coordinator)
    # 20, 2 for timeliness (the monitoring settings, the first sendings), 1 for follow-ups,
    # 2 for the quality survey's indicators (the month's answers, its campaign).
    with django_assert_max_num_queries(25):
        assert client.get(DASHBOARD, {"period": "2026-10"}).status_code == 200


def test_organization_table_leaves_out_ratios_that_have_no_value_per_organization(
    client, coordinator
):
    make_submission(period=make_period(2026, 10), values={"children_total": 10})
    client.force_login(coordinator)
    response = client.get(DASHBOARD, {"period": "2026-10"})
    codes = [indicator.code for indicator in response.context["key_columns"]]
    assert "children_total" in codes
    assert "coverage_total" not in codes

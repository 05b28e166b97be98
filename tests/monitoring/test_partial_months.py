"""A month where not every organization has sent is said to be partial wherever it appears."""

import re
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.services.reports import build_monthly_report
from tests.factories import make_organization, make_period, make_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def months():
    """Three organizations: all sent September, two sent October, the third is a draft."""
    september, october = make_period(2026, 9), make_period(2026, 10)
    organizations = [make_organization() for _ in range(3)]
    for organization in organizations:
        make_submission(organization, september, "accepted", {"children_total": 100})
    make_submission(organizations[0], october, "accepted", {"children_total": 100})
    make_submission(organizations[1], october, "submitted", {"children_total": 100})
    make_submission(organizations[2], october, "draft", {"children_total": 100})
    return september, october


@pytest.fixture
def coordinator_client(client, django_user_model):
    user = django_user_model.objects.create_user("coordinator", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_dashboard"))
    client.force_login(user)
    return client


def test_the_dashboard_trend_marks_the_partial_month_only(coordinator_client, months):
    response = coordinator_client.get(reverse("monitoring:dashboard"), {"period": "2026-10"})
    trend = {bar.label: bar for bar in response.context["trend"]}
    assert trend["окт"].partial and trend["окт"].coverage.text == "по 2 из 3 организаций"
    assert not trend["сен"].partial
    assert trend["янв"].partial  # nobody sent January: empty, and said so
    text = response.content.decode()
    bars = re.findall(r'<rect class="trend-bar( trend-bar-partial)?"', text)
    assert len(bars) == 10
    assert bars[8] == "" and bars[9] == " trend-bar-partial"  # September drawn full
    legend = response.context["trend_partial_months"]
    assert trend["окт"] in legend and trend["сен"] not in legend
    assert 'id="trend-partial-legend"' in text


def test_the_dashboard_key_figures_say_the_month_is_partial(coordinator_client, months):
    october = coordinator_client.get(reverse("monitoring:dashboard"), {"period": "2026-10"})
    coverage = october.context["coverage"]
    assert coverage.partial and (coverage.sent, coverage.total) == (2, 3)
    assert 'id="key-partial"' in october.content.decode()
    september = coordinator_client.get(reverse("monitoring:dashboard"), {"period": "2026-09"})
    assert not september.context["coverage"].partial
    assert 'id="key-partial"' not in september.content.decode()


def test_the_xlsx_notes_the_partial_month_under_the_title_and_on_its_column(months):
    _, october = months
    book = load_workbook(BytesIO(build_monthly_report(october)))
    summary = book["Сводка"]
    assert "Данные неполные (по 2 из 3 организаций)" in summary["A3"].value
    header = [cell.value for cell in summary[4]]
    assert "Окт (неполный: 2 из 3)" in header
    assert "Сен" in header  # a complete month keeps its plain title

"""Expected ranges from an organization's own history: median ± k·MAD with a minimum width,
seasonal indicators by the same month of earlier years, the old rule under 3 months."""

import math
import random
from decimal import Decimal

import pytest
from django.urls import reverse

from moc_portal.core.months import Month
from monitoring.models import Indicator, MonitoringSettings, Submission
from monitoring.services.submissions import (
    Change,
    OutOfRange,
    entry_rows,
    expected_range,
    history_ranges,
    stored_explanations,
    unusual_figures,
)
from tests.factories import make_organization, make_period, make_submission
from tests.monitoring.test_submission_views import REQUIRED, form_data

pytestmark = pytest.mark.django_db

OCTOBER = Month(2026, 10)


def sorted_median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def history(organization, values, *, code="children_total", months_back=None, status="submitted"):
    """One sent report per earlier month (newest first in `values`)."""
    months_back = months_back or range(1, len(values) + 1)
    for back, value in zip(months_back, values, strict=True):
        month = OCTOBER.plus(-back)
        make_submission(
            organization,
            make_period(month.year, month.number),
            status=status,
            values={code: value},
        )


def total_indicator():
    return Indicator.objects.get(code="children_total")


def test_a_history_with_one_outlier_gives_the_range_computed_here():
    rng = random.Random(5)
    values = [Decimal(rng.randint(180, 220)) for _ in range(11)] + [Decimal(900)]
    rng.shuffle(values)
    organization = make_organization()
    history(organization, values)

    found = history_ranges(organization, make_period(2026, 10), [total_indicator()])

    middle = sorted_median(values)
    mad = sorted_median([abs(value - middle) for value in values])
    half = max(3 * mad, middle / 10, Decimal(1))
    low, high = math.floor(middle - half), math.ceil(middle + half)  # counts: whole bounds
    expected = found[("children_total", None)]
    assert (expected.middle, expected.low, expected.high) == (middle, low, high)
    assert expected.points == 12
    assert expected.high < 300  # the 900 moved the range little
    assert (
        expected.text == f"обычно {int(middle - half)}–{int(middle + half)}" or "–" in expected.text
    )


def test_a_flat_history_keeps_a_minimum_width():
    flat = expected_range([Decimal(100)] * 6, k=3, min_percent=10, whole=True)
    assert (flat.low, flat.high) == (Decimal(90), Decimal(110))
    small = expected_range([Decimal(5)] * 6, k=3, min_percent=10, whole=True)
    assert (small.low, small.high) == (Decimal(4), Decimal(6))


def test_k_comes_from_the_settings():
    MonitoringSettings.objects.update_or_create(pk=1, defaults={"range_k": Decimal("1.0")})
    organization = make_organization()
    history(organization, [Decimal(v) for v in (100, 120, 140, 160, 180)])
    found = history_ranges(organization, make_period(2026, 10), [total_indicator()])
    # median 140, MAD 20: k = 1 gives ±20.
    assert (found[("children_total", None)].low, found[("children_total", None)].high) == (
        Decimal(120),
        Decimal(160),
    )


def test_drafts_and_other_organizations_are_not_history():
    organization = make_organization()
    history(organization, [Decimal(100)] * 4, status="draft")
    history(make_organization(), [Decimal(100)] * 4)
    assert history_ranges(organization, make_period(2026, 10), [total_indicator()]) == {}


def test_a_seasonal_indicator_is_compared_with_the_same_month_of_earlier_years():
    indicator = total_indicator()
    indicator.is_seasonal = True
    indicator.save()
    organization = make_organization()
    # October of 2025, 2024, 2023 were 500, 520, 480; the months in between about 100.
    history(organization, [Decimal(500), Decimal(520), Decimal(480)], months_back=[12, 24, 36])
    history(organization, [Decimal(100)] * 5)

    found = history_ranges(organization, make_period(2026, 10), [indicator])

    assert found[("children_total", None)].middle == Decimal(500)


def test_fewer_than_three_months_fall_back_to_the_change_against_last_month():
    organization = make_organization()
    history(organization, [Decimal(100), Decimal(100)])
    period = make_period(2026, 10)
    rows = [row for group in entry_rows(organization, period) for row in group.rows]
    total = next(row for row in rows if row.key == ("children_total", None))

    assert total.expected is None
    unusual = unusual_figures({("children_total", None): Decimal(150)}, rows, 30)
    assert isinstance(unusual[("children_total", None)], Change)


def test_with_history_the_range_replaces_the_share_rule():
    organization = make_organization()
    history(organization, [Decimal(v) for v in (100, 104, 96, 101, 99, 100)])
    rows = [row for group in entry_rows(organization, make_period(2026, 10)) for row in group.rows]
    # +25 % against last month but inside 90–110? No: outside; and 108 (+8 %) is inside.
    unusual = unusual_figures({("children_total", None): Decimal(125)}, rows, 30)
    assert isinstance(unusual[("children_total", None)], OutOfRange)
    out_of_range = unusual[("children_total", None)].range
    assert (out_of_range.low, out_of_range.high) == (90, 110)
    assert unusual_figures({("children_total", None): Decimal(108)}, rows, 30) == {}


def marked_range(response, key=("children_total", None)):
    """(low, high) of the usual range the report page marks a figure with, and shows."""
    form = response.context["form"]
    if form is not None:
        change = form.changes()[key]
    else:
        rows = {row.key: row for group in response.context["groups"] for row in group.rows}
        change = rows[key].change
    shown = f"{change.range.low}–{change.range.high}"
    assert shown in response.content.decode()
    return change.range.low, change.range.high


def test_a_value_outside_asks_once_and_is_saved_with_its_explanation(client, django_user_model):
    organization = make_organization(short_name="ДДТ")
    user = django_user_model.objects.create_user("rep", is_staff=True)
    organization.representatives.add(user)
    client.force_login(user)
    history(organization, [Decimal(v) for v in (200, 205, 198, 202, 200)])
    period = make_period(2026, 10)
    url = reverse("monitoring:submission", args=[period.code, organization.slug])

    asked = client.post(url, form_data(0, "submit", **REQUIRED))
    assert asked.status_code == 200
    assert marked_range(asked) == (180, 220)
    assert 'id="id_children_total__why_hint"' in asked.content.decode()
    assert not Submission.objects.filter(period=period).exists()

    sent = client.post(
        url,
        form_data(0, "submit", **REQUIRED, children_total__why="Закрылся филиал", changes_seen="1"),
    )
    assert sent.status_code == 302
    submission = Submission.objects.get(period=period)
    assert submission.status == Submission.Status.SUBMITTED
    assert submission.values.get(indicator__code="children_total", direction=None).value == 120
    assert stored_explanations(submission)[("children_total", None)] == "Закрылся филиал"


def test_the_review_page_shows_the_usual_range(client, django_user_model):
    from django.contrib.auth.models import Permission

    organization = make_organization()
    history(organization, [Decimal(v) for v in (200, 205, 198, 202, 200)])
    make_submission(organization, make_period(2026, 10), values={"children_total": 120})
    reviewer = django_user_model.objects.create_user("reviewer", is_staff=True)
    reviewer.user_permissions.add(Permission.objects.get(codename="review_submission"))
    client.force_login(reviewer)

    page = client.get(reverse("monitoring:submission", args=["2026-10", organization.slug]))

    assert marked_range(page) == (180, 220)


def test_an_uploaded_value_outside_its_range_is_marked_on_the_page_the_upload_lands_on(
    client, django_user_model
):
    from tests.monitoring.test_submission_views import download, fill, upload

    organization = make_organization(short_name="ДДТ")
    user = django_user_model.objects.create_user("rep", is_staff=True)
    organization.representatives.add(user)
    client.force_login(user)
    history(organization, [Decimal(v) for v in (200, 205, 198, 202, 200)])
    period = make_period(2026, 10)

    content = fill(download(client, organization, period).content, REQUIRED)
    landed = upload(client, organization, period, content)

    assert landed.redirect_chain[-1][0] == reverse(
        "monitoring:submission", args=[period.code, organization.slug]
    )
    assert marked_range(landed) == (180, 220)
    draft = Submission.objects.get(period=period)
    assert draft.values.get(indicator__code="children_total", direction=None).value == 120

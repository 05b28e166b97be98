"""The survey's respondents and scores as computed monitoring indicators, in the period's
figures (which the monthly report and the РМЦ export are built from)."""

import datetime
from decimal import Decimal

import pytest

from monitoring.models import Indicator
from monitoring.selectors.aggregation import collect_period
from monitoring.services.reports import build_monthly_report
from quality.selectors import campaign_results
from tests.factories import make_organization, make_period
from tests.quality.factories import generate_answers, make_campaign

pytestmark = pytest.mark.django_db


def test_the_survey_indicators_are_seeded_as_computed_from_the_survey():
    seeded = Indicator.objects.filter(source=Indicator.Source.SURVEY)
    assert set(seeded.values_list("code", "survey_metric")) == {
        ("survey_respondents", "respondents"),
        ("survey_score", "total"),
    }


def test_a_months_figures_carry_respondents_and_scores_above_the_minimum_sample():
    enough, few = make_organization(), make_organization()
    campaign = make_campaign(
        [enough, few],
        starts_on=datetime.date(2026, 10, 1),
        ends_on=datetime.date(2026, 10, 31),
        minimum_sample=10,
    )
    october = datetime.datetime(2026, 10, 20, 12, tzinfo=datetime.UTC)
    generate_answers(campaign, enough, 14, seed=1, moment=october, spread=False)
    generate_answers(campaign, few, 3, seed=2, moment=october, spread=False)
    Indicator.objects.create(
        code="survey_courtesy",
        name="К4 по опросу",
        unit="балл",
        source=Indicator.Source.SURVEY,
        survey_metric="courtesy",
        aggregation=Indicator.Aggregation.AVERAGE,
        is_whole=False,
        is_required=False,
    )
    period = make_period(2026, 10)
    figures = collect_period(period)
    results = {r.organization.id: r for r in campaign_results(campaign)}
    own = figures.by_organization[enough.id]
    assert own[("survey_respondents", None)] == 14
    assert own[("survey_score", None)] == results[enough.id].total
    assert own[("survey_courtesy", None)] == results[enough.id].criterion("courtesy").score
    assert figures.by_organization[few.id][("survey_respondents", None)] == 3
    assert ("survey_score", None) not in figures.by_organization[few.id]
    assert figures.total("survey_respondents") == 17
    assert figures.total("survey_score") == results[enough.id].total.quantize(Decimal("0.01"))
    assert build_monthly_report(period)[:2] == b"PK"


def test_another_months_respondents_are_not_counted():
    organization = make_organization()
    campaign = make_campaign([organization])
    generate_answers(campaign, organization, 5, spread=False)  # December
    figures = collect_period(make_period(2026, 10))
    assert ("survey_respondents", None) not in figures.by_organization.get(organization.id, {})

from decimal import Decimal

import pytest

from moc_portal.core.months import Month
from monitoring.models import Indicator, MunicipalFigure, Target
from monitoring.selectors.aggregation import collect_period, yearly_trend
from monitoring.services.periods import close_period, reopen_period
from tests.factories import make_organization, make_period, make_program, make_submission

pytestmark = pytest.mark.django_db


def test_sum_indicators_add_up_over_sent_submissions_only():
    period = make_period()
    make_submission(period=period, values={"children_total": 120})
    make_submission(period=period, status="accepted", values={"children_total": 80})
    make_submission(period=period, status="draft", values={"children_total": 1000})
    make_submission(period=period, status="returned", values={"children_total": 500})
    assert collect_period(period).total("children_total") == Decimal(200)


def test_breakdown_by_direction_is_summed_per_direction():
    period = make_period()
    make_submission(period=period, values={("children_total", "tech"): 30, "children_total": 50})
    make_submission(period=period, values={("children_total", "tech"): 12, "children_total": 40})
    make_submission(period=period, values={("children_total", "art"): 7, "children_total": 7})
    figures = collect_period(period)
    assert figures.total("children_total", "tech") == Decimal(42)
    assert figures.total("children_total", "art") == Decimal(7)
    assert figures.total("children_total") == Decimal(97)


def test_average_indicators_average_over_reporting_organizations():
    period = make_period()
    make_submission(period=period, values={"group_size_average": 10})
    make_submission(period=period, values={"group_size_average": 15})
    make_submission(period=period, values={"group_size_average": 12})
    assert collect_period(period).total("group_size_average") == Decimal("12.33")


def test_ratio_uses_the_yearly_municipal_denominator():
    period = make_period(year=2026)
    population = Indicator.objects.get(code="children_population")
    MunicipalFigure.objects.create(indicator=population, year=2026, value=400)
    MunicipalFigure.objects.create(indicator=population, year=2025, value=1)
    make_submission(period=period, values={"children_total": 250})
    make_submission(period=period, values={"children_total": 50})
    figures = collect_period(period)
    assert figures.total("children_population") == Decimal(400)
    assert figures.total("coverage_total") == Decimal("75.00")


def test_ratio_is_empty_without_a_denominator():
    period = make_period()
    make_submission(period=period, values={"children_total": 250})
    assert collect_period(period).total("coverage_total") is None


def test_targets_of_the_periods_year():
    period = make_period(year=2026)
    coverage = Indicator.objects.get(code="coverage_total")
    Target.objects.create(indicator=coverage, year=2026, value=80)
    Target.objects.create(indicator=coverage, year=2025, value=70)
    assert collect_period(period).targets["coverage_total"] == Decimal(80)


def test_catalogue_indicators_count_published_programs_per_organization():
    period = make_period()
    house = make_organization()
    make_program(organization=house, direction="tech", levels=("start", "base"), is_network=True)
    make_program(organization=house, direction="art", levels=("base",), is_ovz_adapted=True)
    make_program(organization=house, direction="art", status="draft")
    other = make_organization()
    make_program(organization=other, direction="art", study_form="distance", levels=("advanced",))
    figures = collect_period(period)
    assert figures.by_organization[house.id][("programs_total", None)] == 2
    assert figures.by_organization[house.id][("programs_base", None)] == 2
    assert figures.total("programs_total") == 3
    assert figures.total("programs_total", "art") == 2
    assert figures.total("programs_start") == 1
    assert figures.total("programs_network") == 1
    assert figures.total("programs_ovz") == 1
    assert figures.total("programs_distance") == 1


def test_a_closed_period_does_not_change_when_the_catalogue_does():
    period = make_period()
    house = make_organization()
    make_program(organization=house, direction="tech")
    period = close_period(period)
    make_program(organization=house, direction="tech")
    make_program(organization=house, direction="art")
    closed = collect_period(period)
    assert closed.total("programs_total") == 1
    assert closed.total("programs_total", "tech") == 1
    assert closed.total("programs_total", "art") is None
    reopen_period(period)
    period.refresh_from_db()
    assert collect_period(period).total("programs_total") == 3


def test_missing_organizations_are_those_that_did_not_send():
    period = make_period()
    sent = make_submission(period=period).organization
    draft = make_submission(period=period, status="draft").organization
    silent = make_organization()
    missing = collect_period(period).missing_organizations
    assert draft in missing and silent in missing and sent not in missing


def test_indicators_outside_their_active_dates_are_left_out():
    period = make_period(year=2026, month=10)
    Indicator.objects.filter(code="winners_federal").update(active_to="2026-09-30")
    codes = {i.code for i in collect_period(period).indicators}
    assert "winners_federal" not in codes
    assert "children_total" in codes


def test_yearly_trend_groups_by_month():
    organization = make_organization()
    for month, value in [(9, 100), (10, 110)]:
        make_submission(
            organization=organization,
            period=make_period(2026, month),
            values={"children_total": value},
        )
    make_submission(period=make_period(2026, 10), values={"children_total": 5})
    indicators = list(Indicator.objects.all())
    trend = yearly_trend(2026, indicators)
    assert trend[Month(2026, 9)]["children_total"] == 100
    assert trend[Month(2026, 10)]["children_total"] == 115


def test_yearly_trend_stops_at_the_given_month():
    organization = make_organization()
    for month in (9, 10, 11):
        make_submission(
            organization=organization,
            period=make_period(2026, month),
            values={"children_total": month},
        )
    trend = yearly_trend(2026, list(Indicator.objects.all()), up_to_month=10)
    assert sorted(trend) == [Month(2026, 9), Month(2026, 10)]

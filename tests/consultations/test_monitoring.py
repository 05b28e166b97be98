"""Consultations answered per month as a computed monitoring indicator, like «Число программ»:
counted live while the month is open and frozen when it closes."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from consultations.models import Consultation
from monitoring.models import Indicator
from monitoring.selectors.aggregation import collect_period
from monitoring.services.periods import close_period
from tests.factories import make_organization, make_period

from .conftest import make_consultation

pytestmark = pytest.mark.django_db

MSK = ZoneInfo("Europe/Moscow")


def answered_on(organization, moment):
    return make_consultation(
        organization, status=Consultation.Status.ANSWERED, answer="Ответ", answered_at=moment
    )


@pytest.fixture
def indicator():
    return Indicator.objects.create(
        code="consultations_answered",
        name="Консультации МОЦ с ответом",
        unit="шт.",
        group="Консультации",
        source=Indicator.Source.CATALOGUE,
        catalogue_metric=Indicator.CatalogueMetric.CONSULTATIONS,
        is_required=False,
    )


def test_the_month_counts_the_consultations_answered_in_it_per_organization(indicator):
    first, second = make_organization(), make_organization()
    answered_on(first, datetime(2026, 11, 1, 0, 30, tzinfo=MSK))  # the month's first hour
    answered_on(first, datetime(2026, 11, 30, 23, 30, tzinfo=MSK))  # and its last
    answered_on(second, datetime(2026, 11, 15, 12, 0, tzinfo=MSK))
    answered_on(second, datetime(2026, 10, 31, 23, 30, tzinfo=MSK))  # October
    make_consultation(first)  # not answered
    period = make_period(2026, 11)

    figures = collect_period(period, indicators=[indicator])
    assert figures.by_organization[first.id][("consultations_answered", None)] == 2
    assert figures.by_organization[second.id][("consultations_answered", None)] == 1
    assert figures.total("consultations_answered") == 3

    period = close_period(period)
    answered_on(second, datetime(2026, 11, 20, 12, 0, tzinfo=MSK))  # after closing
    frozen = collect_period(period, indicators=[indicator])
    assert frozen.total("consultations_answered") == 3

"""Shared by the tests of the РМЦ export: the МОЦ's details and a period with figures."""

from decimal import Decimal

import pytest

from moc_portal.models import SiteSettings
from monitoring.models import (
    Indicator,
    MonitoringSettings,
    MunicipalFigure,
    Target,
)
from tests.factories import make_organization, make_period, make_submission

from .helpers import MOC_NAME, RMC


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def site():
    site = SiteSettings.load()
    site.moc_name = MOC_NAME
    site.municipality = "Краснохолмский муниципальный округ"
    site.save()
    return site


@pytest.fixture(autouse=True)
def monitoring_settings():
    settings = MonitoringSettings.load()
    settings.rmc_emails = "\n".join(RMC)
    settings.reminder_days_before = 3
    settings.save()
    return settings


@pytest.fixture
def october():
    """October 2026: two organizations sent their figures, one has a draft, one nothing."""
    period = make_period(2026, 10)
    population = Indicator.objects.get(code="children_population")
    MunicipalFigure.objects.create(indicator=population, year=2026, value=1000)
    coverage = Indicator.objects.get(code="coverage_total")
    Target.objects.create(indicator=coverage, year=2026, value=Decimal("80.5"))
    make_submission(
        organization=make_organization(short_name="ДДТ «Солнышко»"),
        period=period,
        values={"children_total": 500, ("children_total", "tech"): 120},
    )
    make_submission(
        organization=make_organization(short_name="ДЮСШ «Звезда»"),
        period=period,
        status="accepted",
        values={"children_total": 250, ("children_total", "tech"): 30},
    )
    make_submission(
        organization=make_organization(short_name="Школа № 1"),
        period=period,
        status="draft",
        values={"children_total": 999},
    )
    make_organization(short_name="Клуб «Юность»")
    return period

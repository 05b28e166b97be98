"""Creating, closing and reopening reporting periods (the only writes of a period's row)."""

from django.db import transaction
from django.utils import timezone

from programs.models import Direction

from ..models import CatalogueSnapshot, Indicator, ReportingPeriod
from ..selectors.aggregation import catalogue_figures


def period_for(month):
    """The period of the Month, created with the default deadline when it has no row yet."""
    period, _ = ReportingPeriod.objects.get_or_create(
        year=month.year,
        month=month.number,
        defaults={"deadline": ReportingPeriod.for_month(month).deadline},
    )
    return period


@transaction.atomic
def close_period(period):
    """Freeze the catalogue-computed figures so the period's reports never change again."""
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.is_closed:
        return period
    indicators = list(
        Indicator.objects.active_in(period.calendar_month).filter(source=Indicator.Source.CATALOGUE)
    )
    direction_ids = dict(Direction.objects.values_list("code", "id"))
    indicator_ids = {indicator.code: indicator.id for indicator in indicators}
    CatalogueSnapshot.objects.filter(period=period).delete()
    CatalogueSnapshot.objects.bulk_create(
        CatalogueSnapshot(
            period=period,
            organization_id=organization_id,
            indicator_id=indicator_ids[code],
            direction_id=direction_ids.get(direction_code),
            value=value,
        )
        for organization_id, figures in catalogue_figures(indicators, period).items()
        for (code, direction_code), value in figures.items()
    )
    period.is_closed = True
    period.closed_at = timezone.now()
    period.save(update_fields=["is_closed", "closed_at"])
    return period


@transaction.atomic
def reopen_period(period):
    """Open the period again. The frozen snapshot is kept (an open period counts the
    catalogue live and never reads it); closing again replaces it with the day's figures."""
    ReportingPeriod.objects.filter(pk=period.pk).update(is_closed=False, closed_at=None)

"""The reporting period named in a URL, shared by the monitoring views."""

from django.http import Http404

from moc_portal.core.months import Month

from ..selectors.periods import no_period_message, period_of


def period_or_404(month):
    """The period of a Month (or of a code such as "2026-10" from a GET parameter): its row,
    or the unsaved period of the month just ended; 404 for anything else."""
    try:
        month = month if isinstance(month, Month) else Month.parse(month)
    except ValueError as error:
        raise Http404(str(error)) from None
    period = period_of(month)
    if period is None:
        raise Http404(no_period_message(month.code))
    return period

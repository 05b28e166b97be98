"""The reporting period named in a URL, shared by the monitoring views."""

from django.http import Http404

from ..selectors.periods import PeriodNotFound, period_by_code


def period_or_404(code):
    """The period for '2026-10'; 404 for a malformed code or a period that does not exist."""
    try:
        return period_by_code(code)
    except PeriodNotFound as error:
        raise Http404(str(error)) from None

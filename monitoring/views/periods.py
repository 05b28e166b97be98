"""The reporting period named in a URL, shared by the monitoring views."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import ReportingPeriod


def period_or_404(code):
    """The period for '2026-10'; 404 for a malformed code or a period that does not exist."""
    try:
        year, month = ReportingPeriod.parse_code(code)
    except ValueError:
        raise Http404("Нет такого отчётного периода.") from None
    return get_object_or_404(ReportingPeriod, year=year, month=month)

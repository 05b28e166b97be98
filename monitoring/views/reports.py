"""Filled in by the monitoring issue."""

from django.http import Http404


def _not_yet(request, *args, **kwargs):
    raise Http404


request_report = report_status = download_report = _not_yet

"""Ordering the monthly report: a row that says what is wanted, handed to the workers.

Apart from `reports` (which builds the file) because it queues the task that calls `reports`:
the building never imports the queue, so the modules do not import each other.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnreachable

from ..models import MonthlyReport
from ..tasks import build_monthly_report_task
from .periods import period_for

logger = logging.getLogger(__name__)

# A second click within this time joins the report already being built.
JOIN_RUNNING_REPORT_WITHIN = datetime.timedelta(minutes=10)


def request_report(period, user):
    """The report being built for `period` (a second click joins it) or a new one, queued
    once the transaction commits. The month just ended gets its period's row here if no
    save has made it yet."""
    if period.pk is None:
        period = period_for(period.calendar_month)
    report = MonthlyReport.objects.filter(
        period=period,
        status__in=[MonthlyReport.Status.PENDING, MonthlyReport.Status.RUNNING],
        requested_at__gte=timezone.now() - JOIN_RUNNING_REPORT_WITHIN,
    ).first()
    if report is None:
        report = MonthlyReport.objects.create(period=period, requested_by=user)
        # Robust: when an eager build fails the page still opens and shows the report's
        # state; an unreachable broker leaves the report waiting (see queue_report).
        transaction.on_commit(lambda: queue_report(report.pk), robust=True)
    return report


def queue_report(report_id):
    """Hand a waiting report to the workers; False when the broker (Redis) is unreachable.

    Then the report stays «В очереди» with no `queued_at`, its page says so, and the next
    call queues it: the status page calls this while someone watches it, and the schedule
    runs `build_waiting_reports` every few minutes.
    """
    claimed = MonthlyReport.objects.filter(
        pk=report_id, status=MonthlyReport.Status.PENDING, queued_at=None
    ).update(queued_at=timezone.now())
    if not claimed:
        return True
    try:
        build_monthly_report_task.delay(report_id)
    except BrokerUnreachable as error:
        logger.warning("Report %s not queued, the broker is unreachable: %s", report_id, error)
        MonthlyReport.objects.filter(pk=report_id).update(queued_at=None)
        return False
    return True

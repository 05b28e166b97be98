"""Celery tasks of monitoring: each takes primary keys and calls a service."""

from celery import shared_task

from moc_portal.core.task_retries import TRANSIENT_DATABASE_ERRORS, retrying

from .models import ReportingPeriod
from .services import locking, reminders, reports, rmc
from .services.reports import store_report

# --- The monthly report -----------------------------------------------------------------


@shared_task(
    bind=True,
    **retrying(*TRANSIENT_DATABASE_ERRORS, max_retries=3),
    # The report's row holds its state; not subscribing to a result also keeps a stopped
    # Redis from breaking the web process's result consumer («must be restarted»).
    ignore_result=True,
)
def build_monthly_report_task(self, report_id):
    """Build and keep the report; a report already built is left alone (safe to redeliver)."""

    def progress(percent):
        if not self.request.is_eager:
            self.update_state(state="PROGRESS", meta={"progress": percent})

    report = store_report(report_id, progress=progress)
    return report.file.name if report else None


@shared_task
def build_waiting_reports_task():
    """The schedule: build the reports that could not be queued when they were ordered."""
    return reports.build_waiting_reports()


# --- The export to the РМЦ and the deadline reminders --------------------------------------
# Their mail is queued in the outbox (which retries delivery itself); a database failure is
# retried by the kernel's policy. A worker killed mid-export leads to a re-run, which finds
# the export built and neither builds nor queues it twice.


@shared_task(bind=True, **retrying(*TRANSIENT_DATABASE_ERRORS))
def export_to_rmc(self, period_id, force=False, send=True, resend=False):
    """Build the period's export (again if `force`) and e-mail it (again if `resend`)."""
    period = ReportingPeriod.objects.get(pk=period_id)
    # A retry follows a failure after the build: rebuilding would change the file sent.
    first_try = not self.request.retries
    export = rmc.export_period(period, force=force and first_try)
    if send:
        export = rmc.send_export(export, force=resend and first_try)
    return export.pk


@shared_task(**retrying(*TRANSIENT_DATABASE_ERRORS))
def export_previous_month_to_rmc():
    """The monthly schedule (django-celery-beat): the previous month's export, built and sent."""
    return rmc.run_scheduled_export().pk


@shared_task(**retrying(*TRANSIENT_DATABASE_ERRORS))
def send_deadline_reminders_task():
    """The daily schedule: remind the organizations late for a deadline N days ahead."""
    return reminders.send_deadline_reminders()


# --- End of the export to the РМЦ and the reminders ---------------------------------------


# --- Locked months -----------------------------------------------------------------------


@shared_task(**retrying(*TRANSIENT_DATABASE_ERRORS))
def lock_due_months_task():
    """The daily schedule: mark months past their deadline and grace as locked for entry and
    remove expired exceptions. Idempotent: a second run the same day changes nothing."""
    return locking.lock_due_months()

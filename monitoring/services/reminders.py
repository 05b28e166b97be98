"""Reminding organizations that have not sent their monthly figures before the deadline.

Run once a day (the schedule is in django-celery-beat): for every open period whose deadline
is exactly `SiteSettings.reminder_days_before` days ahead, each active organization that has
not sent its figures (no report, a draft or a returned one) gets one e-mail.

A re-run on the same day (a second beat, two workers) must not mail an organization twice:
each mail claims a `SentReminder` row first, whose unique constraint (period, organization,
day) lets only one claim win. The mail is queued in the outbox in the claim's transaction; the
outbox delivers it and retries it while the mail server is down.
"""

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from moc_portal.core import outbox
from moc_portal.core.email import render_email
from moc_portal.core.text import date_ru
from programs.models import Organization

from ..models import MonitoringSettings, ReportingPeriod, SentReminder, Submission


def send_deadline_reminders(today=None):
    """Queue a mail to each organization late for a deadline N days ahead; returns how many."""
    today = today or timezone.localdate()
    deadline = today + datetime.timedelta(days=MonitoringSettings.load().reminder_days_before)
    periods = ReportingPeriod.objects.filter(is_closed=False, deadline=deadline)
    due = [
        (period, organization, recipients)
        for period in periods
        for organization in organizations_to_remind(period)
        if (recipients := reminder_recipients(organization))
    ]
    if not due:
        return 0
    sent = 0
    for period, organization, recipients in due:
        with transaction.atomic():  # the claim and its mail are kept together
            if claim_reminder(period, organization, today, recipients) is None:
                continue
            outbox.queue(
                reminder_message(period, organization, recipients, today),
                kind="monitoring/emails/reminder",
            )
        sent += 1
    return sent


def organizations_to_remind(period):
    """Active organizations whose figures for `period` were not sent."""
    sent = Submission.objects.filter(period=period, status__in=Submission.SENT_STATUSES)
    return (
        Organization.objects.filter(is_active=True)
        .exclude(pk__in=sent.values("organization_id"))
        .prefetch_related("representatives")
        .order_by("short_name", "id")
    )


def reminder_recipients(organization):
    """The organization's own address and its active representatives' addresses."""
    addresses = [organization.email] + [
        user.email for user in organization.representatives.all() if user.is_active
    ]
    return list(dict.fromkeys(address for address in addresses if address))


def claim_reminder(period, organization, today, recipients):
    """The new SentReminder row, or None when this organization was already mailed today."""
    try:
        with transaction.atomic():
            return SentReminder.objects.create(
                period=period,
                organization=organization,
                sent_on=today,
                recipients=", ".join(recipients),
            )
    except IntegrityError:
        return None


def reminder_message(period, organization, recipients, today):
    path = reverse(
        "monitoring:submission",
        kwargs={"period": period.code, "organization": organization.slug},
    )
    return render_email(
        "monitoring/emails/reminder",
        {
            "period": period,
            "organization": organization,
            "deadline": date_ru(period.deadline),
            "days_left": (period.deadline - today).days,
            "link": path,
        },
        recipients,
    )

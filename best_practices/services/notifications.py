"""E-mails of the bank: to the author (reference number, status news) and to the methodists.

Each mail is queued in the outbox (`moc_portal.core.outbox`) in the caller's transaction; the
worker delivers it with retries, so the author never waits for (or sees an error of) the mail
server, and no mail is dropped.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from moc_portal.core.email import send_email

from ..models import PracticeSettings, Status

# Whoever may move practices through the workflow hears of new ones.
STAFF_PERMISSION = {"app_label": "best_practices", "codename": "transition_practice"}
# Status changes the author is told about.
AUTHOR_NEWS = (Status.RETURNED, Status.REJECTED, Status.PUBLISHED, Status.REVIEW)


def staff_recipients():
    listed = PracticeSettings.load().notification_email_list
    if listed:
        return listed
    by_group = Q(
        groups__permissions__codename=STAFF_PERMISSION["codename"],
        groups__permissions__content_type__app_label=STAFF_PERMISSION["app_label"],
    )
    by_user = Q(
        user_permissions__codename=STAFF_PERMISSION["codename"],
        user_permissions__content_type__app_label=STAFF_PERMISSION["app_label"],
    )
    emails = (
        get_user_model()
        .objects.filter(by_group | by_user, is_active=True, is_staff=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    return sorted(set(emails))


def revise_path(practice):
    return reverse("best_practices:revise", kwargs={"token": practice.edit_token})


def admin_path(practice):
    return reverse("admin:best_practices_practice_change", args=[practice.pk])


def practice_submitted(practice, *, resubmitted=False):
    context = {"practice": practice, "resubmitted": resubmitted}
    _send("best_practices/emails/submitted_author", context, [practice.contact_email])
    staff = staff_recipients()
    if staff:
        context["admin_path"] = admin_path(practice)
        _send("best_practices/emails/submitted_staff", context, staff)


def status_changed(practice, record):
    if record.to_status not in AUTHOR_NEWS:
        return
    context = {"practice": practice, "record": record}
    if record.to_status == Status.RETURNED:
        context["revise_path"] = revise_path(practice)
    if record.to_status == Status.PUBLISHED:
        context["practice_path"] = practice.get_absolute_url()
    _send("best_practices/emails/status_author", context, [practice.contact_email])


def _send(prefix, context, to):
    to = [address for address in to if address]
    if not to:  # contacts erased after the retention period
        return
    send_email(prefix, context, to)

"""Reads for a submission's review: its trail of steps and who may review it."""

from django.contrib.auth import get_user_model

from ..models import SubmissionEvent

REVIEW_PERMISSION = "monitoring.review_submission"
# Named, because with_perm() refuses to guess when several backends are configured
# (django-axes adds its own); groups and personal permissions live in this one.
PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def trail(submission):
    """[(event, label), …] oldest first; a second sending reads «Отправлен повторно»."""
    if submission.pk is None:
        return []
    events = list(SubmissionEvent.objects.filter(submission=submission).select_related("user"))
    sent_before = False
    steps = []
    for event in events:
        label = event.get_kind_display()
        if event.kind == SubmissionEvent.Kind.SUBMITTED:
            label = "Отправлен повторно" if sent_before else label
            sent_before = True
        steps.append((event, label))
    return steps


def reviewers(limit=5):
    """Active staff who may accept or return reports (by group or in person), by name."""
    users = (
        get_user_model()
        .objects.with_perm(REVIEW_PERMISSION, include_superusers=False, backend=PERMISSION_BACKEND)
        .filter(is_active=True, is_staff=True)
        .order_by("last_name", "first_name", "username")
    )
    return list(users[:limit])

"""Reads of the follow-up list: the open marks, and their count for the dashboard."""

from ..models import FollowUp


def open_follow_ups():
    return list(FollowUp.objects.open().for_listing())


def open_follow_up_count():
    return FollowUp.objects.open().count()


def follow_ups_of(submission):
    if submission.pk is None:
        return []
    return list(
        FollowUp.objects.filter(submission=submission)
        .select_related("indicator", "direction", "marked_by", "closed_by")
        .order_by("marked_at", "id")
    )

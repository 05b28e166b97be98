"""Who sees what of the bank in the admin."""

from ..models import Review, Status

MANAGE_PERMISSION = "best_practices.transition_practice"


def manages_practices(user):
    """Methodists (and superusers): every practice, the workflow, the assignments."""
    return user.is_active and user.has_perm(MANAGE_PERMISSION)


def expert_practice_ids(user):
    """The practices assigned to this expert that are at the экспертиза stage."""
    return Review.objects.filter(expert=user, practice__status=Status.REVIEW).values("practice_id")

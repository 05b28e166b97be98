"""Who may do what with the bank of practices: one place, so the admin, the services and the
tests agree. The wiring's roles give the permissions to groups (moc_portal/roles.py)."""

from .models import Review, Status

# Methodists: every practice, the workflow, the assignments of experts.
MANAGE_PRACTICES = "best_practices.transition_practice"
# Experts score the practices assigned to them.
SCORE_PRACTICES = "best_practices.score_practice"
TRANSFER_PRACTICES = "best_practices.transfer_practice"


def manages_practices(user):
    """Methodists (and superusers): every practice, the workflow, the assignments."""
    return user.is_active and user.has_perm(MANAGE_PRACTICES)


def can_transfer(user):
    """May hand practices over to the РМЦ."""
    return user.has_perm(TRANSFER_PRACTICES)


def expert_practice_ids(user):
    """The practices assigned to this expert that are at the экспертиза stage."""
    return Review.objects.filter(expert=user, practice__status=Status.REVIEW).values("practice_id")

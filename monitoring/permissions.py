"""Who may see and do what in monitoring. One place, so views and tests agree."""

from programs.permissions import managed_organizations


def can_review(user):
    return user.is_active and user.is_staff and user.has_perm("monitoring.review_submission")


def can_manage_rmc_export(user):
    return user.is_active and user.is_staff and user.has_perm("monitoring.manage_rmc_export")


def editable_organizations(user):
    """Organizations whose figures the user may enter; None means all of them."""
    if user.is_active and user.is_staff and user.has_perm("monitoring.submit_for_any_organization"):
        return None
    return managed_organizations(user)  # none for anyone but active staff


def can_edit_for(user, organization):
    organizations = editable_organizations(user)
    return organizations is None or organizations.filter(pk=organization.pk).exists()

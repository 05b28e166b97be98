"""The catalogue's access rules: who manages which organizations, who publishes programs."""

from .models import Organization

# Methodists and coordinators have it (moc_portal/roles.py): they see every organization.
ALL_ORGANIZATIONS = "programs.work_with_all_organizations"
# Methodists have it: a representative's program waits for them (programs.moderation).
PUBLISH_PROGRAMS = "programs.publish_program"


def can_publish(user):
    return user.has_perm(PUBLISH_PROGRAMS)


def managed_organizations(user):
    """The organizations whose programs the user may manage; None means all of them.

    Staff with the ALL_ORGANIZATIONS permission (and superusers) manage everything. Any other
    staff user manages only the organizations that list them among their representatives —
    none at all when there are no such organizations, so a staff user set up halfway sees
    nothing rather than everything.
    """
    if not (user.is_active and user.is_staff):
        return Organization.objects.none()
    # Remembered on the user object for the rest of the request, as Django does with
    # permissions: the admin asks several times per page.
    if not hasattr(user, "_manages_all_organizations"):
        user._manages_all_organizations = user.has_perm(ALL_ORGANIZATIONS)
    if user._manages_all_organizations:
        return None
    return Organization.objects.filter(representatives=user)


def can_import(user, target):
    """Importing from a file adds and changes rows: it needs both rights on the model
    ("program" or "organization"); a representative's rows stay within their organizations
    (programs.services.imports)."""
    return user.has_perm(f"programs.add_{target}") and user.has_perm(f"programs.change_{target}")

"""Who may do what with the quality assessment: one place for the admin, views and tests.
The wiring's roles give these permissions to groups (moc_portal/roles.py)."""

from programs.permissions import managed_organizations

# Methodists and coordinators see every organization's results; a representative (who also
# has it) sees only their own organizations' (results_organizations below).
VIEW_RESULTS = "quality.view_campaign"
# Methodists publish a campaign's results on the site.
PUBLISH_RESULTS = "quality.publish_results"
# Methodists leave a suspicious burst of answers out of the results (and bring it back).
EXCLUDE_ANSWERS = "quality.add_exclusion"


def can_view_results(user):
    return user.is_active and user.is_staff and user.has_perm(VIEW_RESULTS)


def results_organizations(user):
    """The organizations whose results and comments the user sees; None means all."""
    return managed_organizations(user)


def can_publish(user):
    return user.is_active and user.has_perm(PUBLISH_RESULTS)


def can_exclude(user):
    return user.is_active and user.has_perm(EXCLUDE_ANSWERS)

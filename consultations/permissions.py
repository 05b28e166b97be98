"""Who may do what with consultations: one place, so the admin, the views, the staff home and
the tests agree. The wiring's roles give the permissions to groups (moc_portal/roles.py).

- A representative (any staff user an organization lists among its representatives) asks on
  behalf of that organization and sees that organization's consultations — no other's.
- Methodists (the change permission) answer and publish; whoever may view consultations in
  the admin sees the queue of every organization they manage.
"""

from programs.models import Organization
from programs.permissions import managed_organizations

ANSWER = "consultations.change_consultation"
VIEW = "consultations.view_consultation"


def asking_organizations(user):
    """The organizations this user may ask the МОЦ for (those they represent)."""
    if not (user.is_active and user.is_staff):
        return Organization.objects.none()
    return Organization.objects.filter(representatives=user, is_active=True)


def can_ask(user):
    return asking_organizations(user).exists()


def can_answer(user):
    return user.is_active and user.has_perm(ANSWER)


def seen_organizations(user):
    """The organizations whose consultations the user may read; None means all of them.

    Methodists and whoever may view consultations in the admin read those of the
    organizations they manage (all, for the МОЦ); anyone else only their own organizations'.
    """
    if not (user.is_active and user.is_staff):
        return Organization.objects.none()
    if user.has_perm(VIEW) or user.has_perm(ANSWER):
        return managed_organizations(user)
    return Organization.objects.filter(representatives=user)

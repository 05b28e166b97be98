import pytest
from django.contrib.auth.models import Group

from moc_portal.roles import COORDINATORS, METHODISTS, REPRESENTATIVES

PASSWORD = "Correct-Horse-42"
ROLE_GROUPS = {
    "representative": REPRESENTATIVES,
    "coordinator": COORDINATORS,
    "methodist": METHODISTS,
}


@pytest.fixture
def make_staff(django_user_model):
    """make_staff("methodist") -> a staff user in that role's group (or a superuser)."""

    def make(role, username=None, organization=None):
        username = username or role
        if role == "superuser":
            return django_user_model.objects.create_superuser(username, password=PASSWORD)
        user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
        if organization is not None:
            organization.representatives.add(user)
        return user

    return make

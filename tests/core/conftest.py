import pytest
from django.test import Client


@pytest.fixture
def methodists(django_user_model):
    """Two staff members with everything allowed, logged in: Anna Petrova and boris."""
    first = django_user_model.objects.create_superuser(
        "anna", password="x", first_name="Анна", last_name="Петрова"
    )
    second = django_user_model.objects.create_superuser("boris", password="x")
    clients = Client(), Client()
    clients[0].force_login(first)
    clients[1].force_login(second)
    return clients

import pytest
from django.urls import reverse

from monitoring.models import MonitoringSettings
from tests.pages import fields_in_error

pytestmark = pytest.mark.django_db

CHANGE = reverse("admin:monitoring_monitoringsettings_change", args=[1])


def test_the_settings_list_opens_the_one_row(admin_client):
    response = admin_client.get(reverse("admin:monitoring_monitoringsettings_changelist"))

    assert response.status_code == 302
    assert response.url == CHANGE


def test_saved_rmc_addresses_are_used_one_per_line(admin_client):
    MonitoringSettings.load()

    response = admin_client.post(
        CHANGE,
        {
            "rmc_emails": "rmc@example.ru\n\nmoc@example.ru",
            "reminder_days_before": "5",
            "change_warning_percent": "30",
        },
    )

    assert response.status_code == 302
    settings = MonitoringSettings.load()
    assert settings.rmc_email_list == ["rmc@example.ru", "moc@example.ru"]
    assert settings.reminder_days_before == 5


def test_a_wrong_address_gets_a_russian_error_and_nothing_is_saved(admin_client):
    MonitoringSettings.load()

    response = admin_client.post(
        CHANGE, {"rmc_emails": "rmc@example.ru\nне адрес", "reminder_days_before": "3"}
    )

    assert response.status_code == 200
    assert "rmc_emails" in fields_in_error(response, "adminform")
    assert "не адрес" in str(response.context["adminform"].form.errors["rmc_emails"])
    assert MonitoringSettings.load().rmc_emails == ""

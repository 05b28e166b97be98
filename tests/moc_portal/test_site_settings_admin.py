import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from moc_portal.models import SiteSettings

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:moc_portal_sitesettings_changelist")
CHANGE = reverse("admin:moc_portal_sitesettings_change", args=[1])


def test_changelist_opens_the_row(admin_client):
    response = admin_client.get(CHANGELIST)

    assert response.status_code == 302
    assert response.url == CHANGE
    assert admin_client.get(response.url).status_code == 200


def test_changelist_creates_the_row_when_it_is_missing(admin_client):
    SiteSettings.objects.all().delete()

    response = admin_client.get(CHANGELIST)

    assert response.status_code == 302
    assert response.url == CHANGE
    assert SiteSettings.objects.get().pk == 1
    assert admin_client.get(response.url).status_code == 200


def test_saving_the_settings_changes_what_the_site_shows(admin_client):
    SiteSettings.load()
    data = {
        "moc_name": "МОЦ Краснохолмского муниципального округа",
        "municipality": "Краснохолмский муниципальный округ",
        "working_hours": "Пн–Пт 8:00–16:00",
        "navigator_base_url": "р69.навигатор.дети",
        "about_text": "О центре",
        "max_upload_mb": "15",
        "consent_text": "Согласие",
        "privacy_policy": "Политика",
        "policy_version": "1.1",
        "policy_date": "01.12.2026",
        "personal_data_retention_days": "180",
        "_save": "Сохранить",
    }

    response = admin_client.post(CHANGE, data)

    assert response.status_code == 302
    settings = SiteSettings.load()
    assert settings.moc_name == "МОЦ Краснохолмского муниципального округа"
    assert settings.navigator_base_url == "https://р69.навигатор.дети"
    assert settings.max_upload_mb == 15
    assert settings.personal_data_retention_days == 180


def test_every_editable_field_is_on_the_form(admin_client):
    form = admin_client.get(CHANGE).context["adminform"].form
    editable = {field.name for field in SiteSettings._meta.fields if field.editable}

    assert editable - {"id"} <= set(form.fields)


def test_settings_cannot_be_added_twice(admin_client):
    SiteSettings.load()

    response = admin_client.get(reverse("admin:moc_portal_sitesettings_add"))

    assert response.status_code == 403
    assert SiteSettings.objects.count() == 1


def test_settings_can_be_added_while_there_are_none(admin_client):
    SiteSettings.objects.all().delete()

    response = admin_client.get(reverse("admin:moc_portal_sitesettings_add"))

    assert response.status_code == 200


def test_settings_cannot_be_deleted(admin_client):
    SiteSettings.load()

    response = admin_client.post(
        reverse("admin:moc_portal_sitesettings_delete", args=[1]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert SiteSettings.objects.exists()
    page = admin_client.get(CHANGE).content.decode()
    assert reverse("admin:moc_portal_sitesettings_delete", args=[1]) not in page


def test_staff_without_permission_cannot_open_the_settings(client, django_user_model):
    user = django_user_model.objects.create_user("staff", password="pass", is_staff=True)
    client.force_login(user)

    assert client.get(CHANGELIST).status_code == 403


def test_staff_with_view_permission_is_sent_to_the_settings(client, django_user_model):
    user = django_user_model.objects.create_user("staff", password="pass", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_sitesettings"))
    client.force_login(user)

    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert client.get(response.url).status_code == 200

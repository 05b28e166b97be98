"""Rows the portal writes itself: read in the admin, never added or edited by hand."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from moc_portal.core.records_admin import WrittenByThePortalAdmin
from moc_portal.models import ConsentRecord
from monitoring.models import RmcExport

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_request(django_user_model):
    request = RequestFactory().get("/admin/")
    request.user = django_user_model.objects.create_superuser("root", password="x")
    return request


def test_even_a_superuser_cannot_add_or_edit_an_export_or_delete_it(superuser_request):
    model_admin = admin.site._registry[RmcExport]
    assert isinstance(model_admin, WrittenByThePortalAdmin)
    assert not model_admin.has_add_permission(superuser_request)
    assert not model_admin.has_change_permission(superuser_request)
    assert not model_admin.has_delete_permission(superuser_request)
    assert model_admin.has_view_permission(superuser_request)


def test_a_deletable_record_is_deleted_only_with_the_models_permission(
    superuser_request, django_user_model
):
    model_admin = admin.site._registry[ConsentRecord]
    assert not model_admin.has_change_permission(superuser_request)
    assert model_admin.has_delete_permission(superuser_request)
    superuser_request.user = django_user_model.objects.create_user("staff", is_staff=True)
    assert not model_admin.has_delete_permission(superuser_request)


def test_every_record_admin_is_registered_read_only(superuser_request):
    record_admins = [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, WrittenByThePortalAdmin)
    ]
    assert {type(model_admin).__name__ for model_admin in record_admins} >= {
        "ConsentRecordAdmin",
        "EnrolmentWatchAdmin",
        "ResponseAdmin",
        "RmcExportAdmin",
    }
    assert not any(a.has_change_permission(superuser_request) for a in record_admins)

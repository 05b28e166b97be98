"""The kernel's per-organization admin scoping: one rule applied the same way to every admin."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from events.models import Event
from moc_portal.core.admin_scoping import OrganizationScopedAdmin
from moc_portal.core.task_retries import TRANSIENT_DATABASE_ERRORS, retrying
from programs.models import Organization, Program
from tests.factories import make_organization, make_program

pytestmark = pytest.mark.django_db


def _admin(model, scope, **attributes):
    class Scoped(OrganizationScopedAdmin, admin.ModelAdmin):
        organizations_of = staticmethod(lambda user: scope)

    for name, value in attributes.items():
        setattr(Scoped, name, value)
    return Scoped(model, admin.site)


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_a_scoped_person_sees_only_their_organizations_rows(admin_user):
    own, other = make_organization(), make_organization()
    mine = make_program(organization=own)
    make_program(organization=other)
    scoped = _admin(Program, Organization.objects.filter(pk=own.pk))
    assert list(scoped.get_queryset(_request(admin_user))) == [mine]


def test_no_scope_shows_every_row(admin_user):
    make_program(), make_program()
    assert _admin(Program, None).get_queryset(_request(admin_user)).count() == 2


def test_the_organization_admin_scopes_by_its_own_key(admin_user):
    own = make_organization()
    make_organization()
    scoped = _admin(Organization, Organization.objects.filter(pk=own.pk), organization_lookup="pk")
    assert list(scoped.get_queryset(_request(admin_user))) == [own]


def test_the_only_own_organization_is_offered_and_filled_in(admin_user):
    own = make_organization()
    make_organization()
    scoped = _admin(
        Program, Organization.objects.filter(pk=own.pk), scoped_foreign_keys=("organization",)
    )
    request = _request(admin_user)
    field = scoped.formfield_for_foreignkey(Program._meta.get_field("organization"), request)
    assert list(field.queryset) == [own]
    assert scoped.get_changeform_initial_data(request)["organization"] == own.pk


def test_fields_are_read_only_to_a_scoped_person_only(admin_user):
    request = _request(admin_user)
    fields = {"readonly_when_scoped": ("representatives",), "organization_lookup": "pk"}
    scoped = _admin(Organization, Organization.objects.none(), **fields)
    assert "representatives" in scoped.get_readonly_fields(request)
    assert "representatives" not in _admin(Organization, None, **fields).get_readonly_fields(
        request
    )


def test_an_event_admin_scopes_by_its_organizer(admin_user):
    own = Organization.objects.filter(pk=make_organization().pk)
    scoped = _admin(Event, own, organization_lookup="organizer")
    assert "organizer_id" in str(scoped.get_queryset(_request(admin_user)).query)


def test_the_retry_policy_retries_the_named_errors_with_backoff():
    policy = retrying(*TRANSIENT_DATABASE_ERRORS, max_retries=3)
    assert policy["autoretry_for"] == TRANSIENT_DATABASE_ERRORS
    assert (policy["acks_late"], policy["retry_backoff"], policy["max_retries"]) == (True, True, 3)

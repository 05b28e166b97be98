import pytest
from django.contrib.auth.models import Group, Permission

from moc_portal import roles
from moc_portal.roles import COORDINATORS, METHODISTS, REPRESENTATIVES, ensure_staff_groups

pytestmark = pytest.mark.django_db


def permission_names(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_migrate_creates_the_three_staff_groups():
    names = set(Group.objects.values_list("name", flat=True))
    assert {METHODISTS, COORDINATORS, REPRESENTATIVES} <= names


def test_methodists_edit_the_catalogue_and_the_site_settings():
    permissions = permission_names(METHODISTS)
    for model in ("organization", "program", "scheduleslot"):
        for action in ("add", "change", "delete", "view"):
            assert f"programs.{action}_{model}" in permissions
    assert "programs.view_direction" in permissions
    assert "programs.change_direction" not in permissions
    assert "moc_portal.change_sitesettings" in permissions


COORDINATORS_WORK = {
    "programs.work_with_all_organizations",
    "monitoring.view_dashboard",
    "monitoring.submit_for_any_organization",
    "monitoring.manage_rmc_export",
    "monitoring.review_submission",
}


def test_coordinators_only_view_records_and_do_their_monitoring_work():
    permissions = permission_names(COORDINATORS)
    assert "programs.view_program" in permissions
    assert "moc_portal.view_sitesettings" in permissions
    assert permissions >= COORDINATORS_WORK
    assert "django_celery_beat.view_periodictask" in permissions
    assert all(perm.split(".")[1].startswith("view_") for perm in permissions - COORDINATORS_WORK)


def test_representatives_edit_programs_but_not_organizations():
    permissions = permission_names(REPRESENTATIVES)
    assert {"programs.add_program", "programs.change_program", "programs.add_scheduleslot"} <= (
        permissions
    )
    assert "programs.view_organization" in permissions
    assert "programs.delete_program" not in permissions
    assert "programs.change_organization" not in permissions


def test_groups_get_exactly_the_permissions_the_roles_list():
    for name, listed in roles.GROUP_PERMISSIONS.items():
        assert permission_names(name) == set(listed)


def test_ensure_staff_groups_is_idempotent():
    before = {name: permission_names(name) for name in roles.GROUP_PERMISSIONS}
    ensure_staff_groups()
    ensure_staff_groups()
    assert Group.objects.filter(name__in=roles.GROUP_PERMISSIONS).count() == len(
        roles.GROUP_PERMISSIONS
    )
    assert {name: permission_names(name) for name in roles.GROUP_PERMISSIONS} == before


def test_ensure_staff_groups_restores_a_removed_permission():
    group = Group.objects.get(name=METHODISTS)
    group.permissions.remove(Permission.objects.get(codename="delete_program"))
    ensure_staff_groups()
    assert "programs.delete_program" in permission_names(METHODISTS)


def test_permissions_of_apps_not_migrated_yet_are_skipped(monkeypatch):
    extended = {**roles.GROUP_PERMISSIONS}
    extended[COORDINATORS] = [*extended[COORDINATORS], "events.view_not_a_model_yet"]
    monkeypatch.setattr(roles, "GROUP_PERMISSIONS", extended)
    ensure_staff_groups()
    assert "programs.view_program" in permission_names(COORDINATORS)
    assert "events.view_not_a_model_yet" not in permission_names(COORDINATORS)

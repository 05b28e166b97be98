"""A representative's new or edited program waits «на модерации»; a methodist publishes it.
Organizations, programs and the site settings keep their history, visible in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from moc_portal.models import SiteSettings
from moc_portal.roles import METHODISTS
from programs.models import Program
from programs.services import save_organization
from tests.factories import make_program
from tests.programs.test_admin import program_form_data

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:programs_program_changelist")


@pytest.fixture
def methodist(django_user_model):
    user = django_user_model.objects.create_user("met", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=METHODISTS))
    return user


def test_a_representatives_new_program_waits_for_moderation(client, representative, organization):
    client.force_login(representative)
    data = program_form_data(organization, status=Program.Status.PUBLISHED)
    response = client.post(reverse("admin:programs_program_add"), data)
    assert response.status_code == 302
    program = Program.objects.get(title="Юный техник")
    assert program.status == Program.Status.MODERATION
    assert client.get(program.get_absolute_url()).status_code == 404


def test_a_representatives_edit_of_a_published_program_stays_live_and_waits_as_a_revision(
    client, representative, organization
):
    program = make_program(organization=organization, title="Шахматы")
    client.force_login(representative)
    url = reverse("admin:programs_program_change", args=[program.pk])
    no_schedule = {
        "schedule_slots-TOTAL_FORMS": "0",
        **{f"schedule_slots-0-{field}": "" for field in ("weekday", "starts_at", "ends_at")},
    }
    data = program_form_data(
        organization, title="Шахматы для всех", slug=program.slug, **no_schedule
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    program.refresh_from_db()
    assert (program.title, program.status) == ("Шахматы", Program.Status.PUBLISHED)
    assert program.revisions.get().values["title"] == "Шахматы для всех"


def test_a_representative_cannot_publish_through_the_actions(client, representative, organization):
    program = make_program(organization=organization, status=Program.Status.MODERATION)
    client.force_login(representative)
    page = client.get(CHANGELIST)
    actions = [value for value, _ in page.context["action_form"].fields["action"].choices]
    assert "publish" not in actions
    assert "return_for_rework" not in actions
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [program.pk]})
    program.refresh_from_db()
    assert program.status == Program.Status.MODERATION


def test_a_methodist_publishes_or_returns_a_program_for_rework(client, methodist):
    waiting = make_program(status=Program.Status.MODERATION)
    weak = make_program(status=Program.Status.MODERATION)
    client.force_login(methodist)
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [waiting.pk]})
    client.post(
        CHANGELIST,
        {
            "action": "return_for_rework",
            "_selected_action": [weak.pk],
            "reason_given": "1",
            "reason": "Добавьте расписание.",
        },
    )
    waiting.refresh_from_db()
    weak.refresh_from_db()
    assert waiting.status == Program.Status.PUBLISHED
    assert weak.status == Program.Status.REWORK
    assert client.get(waiting.get_absolute_url()).status_code == 200


def test_a_methodists_edit_keeps_the_status_they_chose(client, methodist, organization):
    client.force_login(methodist)
    data = program_form_data(organization, status=Program.Status.PUBLISHED)
    client.post(reverse("admin:programs_program_add"), data)
    assert Program.objects.get(title="Юный техник").status == Program.Status.PUBLISHED


def test_the_history_of_an_organization_records_who_changed_what(client, methodist, organization):
    client.force_login(methodist)
    organization.phone = "+7 (48237) 2-11-11"
    save_organization(organization)
    history = client.get(reverse("admin:programs_organization_history", args=[organization.pk]))
    assert history.status_code == 200
    assert organization.history.count() == 2
    program = make_program(organization=organization)
    assert (
        client.get(reverse("admin:programs_program_history", args=[program.pk])).status_code == 200
    )


def test_a_change_of_the_site_settings_in_the_admin_is_in_their_history(client, methodist):
    settings_row = SiteSettings.load()
    before = settings_row.history.count()
    settings_row.phone = "+7 900 000-00-00"
    settings_row.save()
    client.force_login(methodist)
    page = client.get(reverse("admin:moc_portal_sitesettings_history", args=[1]))
    assert page.status_code == 200
    assert settings_row.history.count() == before + 1


def test_publishing_through_the_action_is_in_the_programs_history(client, methodist):
    program = make_program(status=Program.Status.MODERATION)
    client.force_login(methodist)
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [program.pk]})
    latest = program.history.latest()
    assert (latest.status, latest.history_user) == (Program.Status.PUBLISHED, methodist)

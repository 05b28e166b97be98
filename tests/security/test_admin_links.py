"""Staff see nothing they cannot open (issue 17, item 6): «Смотреть на сайте» (/admin/r/) and
the archive action on programs of another organization."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.urls import reverse

from best_practices.models import Status
from programs.models import Program
from tests.best_practices.factories import make_practice
from tests.factories import make_organization, make_program

pytestmark = pytest.mark.django_db


def view_on_site(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


def test_the_view_on_site_address_is_served_by_the_guarded_view():
    """The portal's route comes before the admin's own one for the same address."""
    from django.urls import resolve

    from moc_portal.admin import view_on_site as guarded

    assert resolve("/admin/r/1/1/").func.__wrapped__ is guarded


def test_an_unpublished_practice_stays_hidden_from_staff_who_cannot_open_it(client, make_staff):
    practice = make_practice(Status.SUBMITTED, slug="secret-practice-slug")
    client.force_login(make_staff("coordinator"))

    response = client.get(view_on_site(practice))

    assert response.status_code == 404
    assert "secret-practice-slug" not in response.get("Location", "")
    assert b"secret-practice-slug" not in response.content


def test_a_methodist_who_may_open_the_practice_is_sent_to_its_page(client, make_staff):
    practice = make_practice(Status.SUBMITTED, slug="secret-practice-slug")
    client.force_login(make_staff("methodist"))

    response = client.get(view_on_site(practice))

    assert response.status_code == 302
    assert response["Location"].endswith(practice.get_absolute_url())


def test_a_representative_reaches_only_the_programs_of_their_organizations(client, make_staff):
    own, other = make_organization(slug="own"), make_organization(slug="other")
    own_program = make_program(organization=own, slug="own-program")
    other_program = make_program(organization=other, slug="other-draft", status="draft")
    client.force_login(make_staff("representative", organization=own))

    assert client.get(view_on_site(own_program)).status_code == 302
    refused = client.get(view_on_site(other_program))
    assert refused.status_code == 404
    assert "other-draft" not in refused.get("Location", "")


@pytest.mark.parametrize("target", ["unregistered", "missing", "garbage"])
def test_objects_outside_the_admin_are_not_found(client, make_staff, target):
    client.force_login(make_staff("methodist"))
    program_type = ContentType.objects.get_for_model(Program)
    url = {
        "unregistered": f"/admin/r/{ContentType.objects.get_for_model(Session).pk}/x/",
        "missing": f"/admin/r/{program_type.pk}/999999/",
        "garbage": f"/admin/r/{program_type.pk}/not-a-number/",
    }[target]
    assert client.get(url).status_code == 404


def archive(client, *programs):
    return client.post(
        reverse("admin:programs_program_changelist"),
        {"action": "archive", ACTION_CHECKBOX_NAME: [program.pk for program in programs]},
        follow=True,
    )


def messages_of(response):
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def test_archiving_another_organizations_program_says_it_was_not_changed(client, make_staff):
    own, other = make_organization(slug="own"), make_organization(slug="other")
    foreign = make_program(organization=other)
    client.force_login(make_staff("representative", organization=own))

    (message,) = messages_of(archive(client, foreign))

    assert message[0] == "error"  # not a success, nor «already archived» (info)
    foreign.refresh_from_db()
    assert foreign.status == Program.Status.PUBLISHED


def test_a_mixed_selection_archives_the_own_program_and_names_the_others(client, make_staff):
    own, other = make_organization(slug="own"), make_organization(slug="other")
    mine = make_program(organization=own)
    foreign = make_program(organization=other)
    client.force_login(make_staff("representative", organization=own))

    levels = dict(messages_of(archive(client, mine, foreign)))

    assert levels["success"].endswith(": 1.")
    assert "(1)" in levels["warning"]  # how many were left untouched
    assert Program.objects.get(pk=mine.pk).status == Program.Status.ARCHIVED
    assert Program.objects.get(pk=foreign.pk).status == Program.Status.PUBLISHED

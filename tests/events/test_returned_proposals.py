"""A proposed event returned «на доработку» with a comment: the proposer sees it and gets it by
e-mail, corrects the event and sends it again; two people correcting one proposal don't undo
each other's work."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse

from events.models import Event
from moc_portal.core import outbox
from moc_portal.models import OutgoingMail
from moc_portal.roles import METHODISTS, REPRESENTATIVES

from .conftest import make_event
from .test_staff import proposal

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:events_event_changelist")
REASON = "Уточните место проведения"


@pytest.fixture
def methodist(django_user_model):
    user = django_user_model.objects.create_user("met", is_staff=True)
    user.groups.add(Group.objects.get(name=METHODISTS))
    return user


@pytest.fixture
def proposed(representative, organization):
    representative.email = "rep@example.ru"
    representative.save()
    client = Client()
    client.force_login(representative)
    response = client.post(reverse("events:propose"), proposal(organization))
    assert response.status_code == 302
    return Event.objects.get(title="Турнир по шахматам")


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def return_it(client, event, reason=REASON):
    return client.post(
        CHANGELIST,
        {
            "action": "return_for_rework",
            "_selected_action": [event.pk],
            "reason_given": "1",
            "reason": reason,
        },
    )


def test_the_return_asks_for_a_reason_first(methodist, proposed):
    client = as_user(methodist)
    page = client.post(
        CHANGELIST, {"action": "return_for_rework", "_selected_action": [proposed.pk]}
    )
    assert page.status_code == 200 and "reason" in page.context["form"].fields
    assert return_it(client, proposed, reason="").context["form"].errors
    proposed.refresh_from_db()
    assert proposed.status == Event.Status.MODERATION


def test_a_returned_proposal_is_seen_and_mailed_to_the_proposer(
    methodist, representative, proposed
):
    assert return_it(as_user(methodist), proposed).status_code == 302
    proposed.refresh_from_db()
    assert (proposed.status, proposed.return_reason) == (Event.Status.REWORK, REASON)
    rep = as_user(representative)
    page = rep.get(reverse("events:propose"))
    assert REASON in page.content.decode()
    assert reverse("events:propose_edit", args=[proposed.pk]) in page.content.decode()
    home = rep.get(reverse("admin:index"))
    items = [item for section in home.context["sections"] for item in section.items]
    assert any(REASON in item.note for item in items)
    assert REASON in OutgoingMail.objects.get(to=["rep@example.ru"]).body
    outbox.deliver_due()
    assert [message.to for message in mail.outbox] == [["rep@example.ru"]]
    assert client_public_status(proposed) == 404


def client_public_status(event):
    return Client().get(event.get_absolute_url()).status_code


def test_the_proposer_corrects_and_sends_again(methodist, representative, proposed):
    return_it(as_user(methodist), proposed)
    rep = as_user(representative)
    url = reverse("events:propose_edit", args=[proposed.pk])
    data = form_of_page(rep.get(url))
    data["venue"] = "ДДТ, актовый зал"
    response = rep.post(url, data)
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert (proposed.status, proposed.venue) == (Event.Status.MODERATION, "ДДТ, актовый зал")
    assert proposed.return_reason == ""
    assert proposed.description == "<p>Приходите!</p><p>Будет &lt;b&gt;интересно&lt;/b&gt;.</p>"


def form_of_page(response):
    """The proposal form's fields as the page holds them, ready to post."""
    assert response.status_code == 200
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or name == "regulations":
            continue
        data[name] = (
            field.widget.format_value(value) if hasattr(field.widget, "format_value") else value
        )
        if data[name] is None:
            data.pop(name)
    return data


def test_a_stale_correction_is_refused_and_keeps_what_was_typed(
    django_user_model, representative, organization, proposed
):
    colleague = django_user_model.objects.create_user("rep2", is_staff=True)
    colleague.groups.add(Group.objects.get(name=REPRESENTATIVES))
    organization.representatives.add(colleague)
    url = reverse("events:propose_edit", args=[proposed.pk])
    first, second = as_user(representative), as_user(colleague)
    theirs, mine = form_of_page(first.get(url)), form_of_page(second.get(url))
    theirs["venue"] = "Спортзал школы № 2"
    assert first.post(url, theirs).status_code == 302
    mine["summary"] = "Турнир для начинающих"
    page = second.post(url, mine)
    assert page.status_code == 200
    [refusal] = page.context["form"].non_field_errors().as_data()
    assert refusal.code == "stale"  # the kernel's lock, shown on the page
    assert page.context["form"].non_field_errors()[0] in page.content.decode()
    assert page.context["form"]["summary"].value() == "Турнир для начинающих"
    proposed.refresh_from_db()
    assert (proposed.venue, proposed.summary) == ("Спортзал школы № 2", "")


def test_another_organizations_representative_cannot_open_the_proposal(django_user_model, proposed):
    from tests.factories import make_organization

    stranger = django_user_model.objects.create_user("rep3", is_staff=True)
    stranger.groups.add(Group.objects.get(name=REPRESENTATIVES))
    make_organization().representatives.add(stranger)
    url = reverse("events:propose_edit", args=[proposed.pk])
    assert as_user(stranger).get(url).status_code == 404


def test_a_published_event_is_not_corrected_through_the_proposal_form(representative, organization):
    event = make_event(organizer=organization)
    url = reverse("events:propose_edit", args=[event.pk])
    assert as_user(representative).get(url).status_code == 404

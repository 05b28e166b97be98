"""Who does what with events, news, documents and media plans: the roles, the proposal form
and the methodists' admin."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from events.models import Document, Event, MediaPlan, MediaPlanRow
from moc_portal.roles import COORDINATORS, METHODISTS, REPRESENTATIVES
from tests.factories import make_organization
from tests.pages import fields_in_error, message_levels

from .conftest import make_event, make_plan, pdf_file

pytestmark = pytest.mark.django_db

MODELS = ("event", "newsitem", "document", "mediaplan", "mediaplanrow")
# role → model → the actions the role may take.
MATRIX = {
    METHODISTS: {model: {"add", "change", "delete", "view"} for model in MODELS},
    COORDINATORS: {
        "event": {"view"},
        "newsitem": set(),
        "document": set(),
        "mediaplan": {"view"},
        "mediaplanrow": {"view"},
    },
    REPRESENTATIVES: {
        "event": {"add", "view"},
        "newsitem": set(),
        "document": set(),
        "mediaplan": set(),
        "mediaplanrow": set(),
    },
}


def user_in(django_user_model, group, username=None):
    user = django_user_model.objects.create_user(username or f"u-{group}", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.mark.parametrize("role", list(MATRIX))
def test_role_by_object_permissions(django_user_model, role):
    user = user_in(django_user_model, role)
    for model, allowed in MATRIX[role].items():
        for action in ("add", "change", "delete", "view"):
            assert user.has_perm(f"events.{action}_{model}") == (action in allowed), (
                role,
                model,
                action,
            )
    assert user.has_perm("events.publish_event") == (role == METHODISTS)


@pytest.fixture
def methodist(django_user_model):
    return user_in(django_user_model, METHODISTS, "methodist")


def proposal(organization, **overrides):
    start = timezone.localdate() + datetime.timedelta(days=10)
    data = {
        "title": "Турнир по шахматам",
        "kind": "competition",
        "organizer": organization.pk,
        "audience": "children",
        "level": "municipal",
        "age_min": "8",
        "age_max": "14",
        "starts_on": start.isoformat(),
        "starts_time": "10:00",
        "ends_on": start.isoformat(),
        "ends_time": "14:00",
        "venue": "Школа № 1, спортзал",
        "description": "Приходите!\n\nБудет <b>интересно</b>.",
    }
    data.update(overrides)
    return data


def test_representative_proposes_an_event_that_waits_for_moderation(
    client, representative, organization
):
    client.force_login(representative)
    page = client.get(reverse("events:propose"))
    assert page.status_code == 200
    assert 'class="form-control' in page.content.decode()  # rendered by crispy
    response = client.post(
        reverse("events:propose"), {**proposal(organization), "regulations": pdf_file()}
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.status == Event.Status.MODERATION
    assert event.proposed_by == representative
    assert event.slug == "turnir-po-shahmatam"
    assert event.regulations.name.endswith(".pdf")
    assert event.description == "<p>Приходите!</p><p>Будет &lt;b&gt;интересно&lt;/b&gt;.</p>"
    assert client.get(event.get_absolute_url()).status_code == 404


def test_end_before_start_is_refused_and_the_form_keeps_the_input(
    client, representative, organization
):
    client.force_login(representative)
    start = timezone.localdate() + datetime.timedelta(days=10)
    data = proposal(organization, ends_on=(start - datetime.timedelta(days=1)).isoformat())
    response = client.post(reverse("events:propose"), data)
    assert response.status_code == 200
    assert fields_in_error(response) == {"ends_on"}
    html = response.content.decode()
    assert 'value="Турнир по шахматам"' in html
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"starts_on": "31.02.2026"}, "Введите правильную дату"),
        ({"ends_time": ""}, "Укажите время окончания"),
        ({"age_min": "15", "age_max": "7"}, "Возраст «до» меньше"),
        ({"regulations": "not-a-file"}, None),
    ],
)
def test_bad_proposals_are_refused_without_a_server_error(
    client, representative, organization, overrides, message
):
    client.force_login(representative)
    response = client.post(reverse("events:propose"), proposal(organization, **overrides))
    assert response.status_code in (200, 302)
    if message:
        assert message in response.content.decode()


def test_a_renamed_html_file_is_refused_as_regulations(client, representative, organization):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(representative)
    fake = SimpleUploadedFile("polozhenie.pdf", b"<html><script>x</script></html>")
    response = client.post(
        reverse("events:propose"), {**proposal(organization), "regulations": fake}
    )
    assert response.status_code == 200
    assert fields_in_error(response) == {"regulations"}


def test_representative_cannot_propose_for_another_organization(
    client, representative, organization
):
    other = make_organization(short_name="Чужая")
    client.force_login(representative)
    response = client.post(reverse("events:propose"), proposal(other))
    assert response.status_code == 200
    assert not Event.objects.exists()


def test_staff_without_an_organization_and_anonymous_cannot_propose(client, django_user_model):
    assert client.get(reverse("events:propose")).status_code == 302
    client.force_login(django_user_model.objects.create_user("nobody", is_staff=True))
    assert client.get(reverse("events:propose")).status_code == 403


def test_methodist_publishes_a_proposal_with_the_admin_action(client, methodist, organization):
    event = make_event(organizer=organization, status=Event.Status.MODERATION)
    client.force_login(methodist)
    response = client.post(
        reverse("admin:events_event_changelist"),
        {"action": "publish", "_selected_action": [event.pk]},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED


def test_representative_sees_only_own_events_in_the_admin_and_cannot_edit(
    client, representative, organization
):
    own = make_event(title="Своё", organizer=organization, status=Event.Status.MODERATION)
    make_event(title="Чужое", organizer=make_organization())
    client.force_login(representative)
    response = client.get(reverse("admin:events_event_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Своё" in html and "Чужое" not in html
    change = client.post(
        reverse("admin:events_event_change", args=[own.pk]), {"status": "published"}
    )
    assert change.status_code in (302, 403) or "Изменить" not in change.content.decode()
    own.refresh_from_db()
    assert own.status == Event.Status.MODERATION


def test_admin_pages_open_for_a_methodist(client, methodist):
    plan = make_plan()
    make_event()
    client.force_login(methodist)
    for name in ("event", "newsitem", "document", "mediaplan"):
        assert client.get(reverse(f"admin:events_{name}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:events_{name}_add")).status_code == 200
    assert client.get(reverse("admin:events_mediaplan_change", args=[plan.pk])).status_code == 200


def test_admin_buttons_fill_download_and_publish_the_plan(client, methodist):
    today = timezone.localdate()
    plan = make_plan(year=today.year, number=today.month)
    make_event(starts_on=today, ends_on=today)
    client.force_login(methodist)
    page = client.get(reverse("admin:events_mediaplan_change", args=[plan.pk])).content.decode()
    assert reverse("admin:events_mediaplan_fill", args=[plan.pk]) in page
    assert reverse("admin:events_mediaplan_xlsx", args=[plan.pk]) in page
    client.post(reverse("admin:events_mediaplan_fill", args=[plan.pk]))
    assert plan.rows.count() == 1
    download = client.get(reverse("admin:events_mediaplan_xlsx", args=[plan.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert download.content[:2] == b"PK"
    refused = client.post(reverse("admin:events_mediaplan_publish", args=[plan.pk]), follow=True)
    assert message_levels(refused) == ["success", "error"]  # the fill, then the refusal
    assert not Document.objects.exists()  # nothing published
    plan.status, plan.agreed_on = MediaPlan.Status.AGREED, today
    plan.save()
    client.post(reverse("admin:events_mediaplan_publish", args=[plan.pk]))
    assert Document.objects.get().media_plan == plan


def test_methodist_edits_plan_rows_inline(client, methodist):
    plan = make_plan()
    client.force_login(methodist)
    data = {
        "year": "2026",
        "period_kind": "month",
        "number": "11",
        "status": "draft",
        "notes": "",
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
        "rows-0-date_from": "2026-11-05",
        "rows-0-topic": "Пост о конкурсе",
        "rows-0-format": "post",
        "rows-0-channel": "vk",
        "rows-0-status": "planned",
        "rows-0-url": "vk.com/wall-1_2",
        "rows-0-reach": "300",
    }
    response = client.post(reverse("admin:events_mediaplan_change", args=[plan.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    row = MediaPlanRow.objects.get()
    assert row.status == MediaPlanRow.Status.PUBLISHED
    assert row.url == "https://vk.com/wall-1_2"


def test_a_proposal_titled_like_a_section_page_gets_its_own_address(
    client, representative, organization
):
    client.force_login(representative)
    client.post(reverse("events:propose"), proposal(organization, title="Past"))
    assert Event.objects.get().slug == "past-2"

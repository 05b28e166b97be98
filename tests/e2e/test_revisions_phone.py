"""Moderation screens on a 390 px phone: the methodist's diff of a revision with its buttons,
the representative's program page with the returned reason, the «ask for a reason» page and
the proposal page with a returned event — none scrolls sideways."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from events.models import Event
from moc_portal.roles import METHODISTS, REPRESENTATIVES
from programs.models import Program, ProgramRevision
from tests.events.conftest import make_event
from tests.factories import make_organization, make_program

from .test_import_pages import PHONE, overflow

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("migrated_rows")]

LONG = "Муниципальное бюджетное учреждение дополнительного образования Дом детского творчества"
WORDS = " ".join(["Очень длинная аннотация программы с подробностями"] * 12)


def phone_as(user, live_server, open_context):
    client = Client()
    client.force_login(user)
    context = open_context(viewport=PHONE, is_mobile=True)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context.new_page()


def test_moderation_screens_fit_a_phone(live_server, open_context, django_user_model):
    organization = make_organization(short_name=LONG)
    program = make_program(organization=organization, title=f"Робототехника {LONG}")
    revision = ProgramRevision.objects.create(
        program=program, values={"title": f"Новая {LONG}", "annotation": WORDS}
    )
    returned = make_program(organization=organization, status=Program.Status.REWORK)
    ProgramRevision.objects.create(
        program=returned, state=ProgramRevision.State.RETURNED, reason=WORDS
    )
    event = make_event(organizer=organization, status=Event.Status.REWORK, return_reason=WORDS)
    methodist = django_user_model.objects.create_user("met", is_staff=True)
    methodist.groups.add(Group.objects.get(name=METHODISTS))
    rep = django_user_model.objects.create_user("rep", is_staff=True)
    rep.groups.add(Group.objects.get(name=REPRESENTATIVES))
    organization.representatives.add(rep)

    page = phone_as(methodist, live_server, open_context)
    page.goto(f"{live_server.url}/admin/programs/programrevision/{revision.pk}/change/")
    assert page.is_visible("text=Одобрить и опубликовать")
    assert overflow(page) <= 0
    page.goto(f"{live_server.url}/admin/programs/programrevision/")
    assert overflow(page) <= 0
    page.goto(f"{live_server.url}/admin/programs/program/?status__exact=published")
    page.check(f"input[name=_selected_action][value='{program.pk}']")
    page.select_option("select[name=action]", "return_for_rework")
    page.click("button[name=index]")
    page.wait_for_selector("textarea[name=reason]")
    assert overflow(page) <= 0

    page = phone_as(rep, live_server, open_context)
    page.goto(f"{live_server.url}/admin/programs/program/{returned.pk}/change/")
    assert page.is_visible("#revision-returned")
    box = page.locator("#revision-returned").bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"]
    assert overflow(page) <= 0
    page.goto(f"{live_server.url}/events/propose/{event.pk}/")
    assert page.is_visible("text=Методист вернул мероприятие на доработку")
    assert overflow(page) <= 0

"""A representative's edit of a published program keeps the live version until a methodist
decides: operational fields go live at once, descriptive ones wait as a revision that the
methodist approves (then it is live and searchable) or returns with a reason the
representative sees in the admin and receives by e-mail."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse

from moc_portal.core import outbox
from moc_portal.models import OutgoingMail
from moc_portal.roles import METHODISTS
from programs.models import Level, Program, ProgramRevision, ScheduleSlot
from programs.services.imports import import_programs
from tests.factories import make_program
from tests.pages import form_of, opened
from tests.programs.test_import import xlsx

pytestmark = pytest.mark.django_db

REVISIONS = reverse("admin:programs_programrevision_changelist")
CATALOGUE = reverse("programs:list")
OLD = "Шахматы: первые шаги"
NEW_WORD = "гроссмейстерский"


@pytest.fixture
def methodist(django_user_model):
    user = django_user_model.objects.create_user(
        "met", password="x", is_staff=True, first_name="Мария", last_name="Иванова"
    )
    user.groups.add(Group.objects.get(name=METHODISTS))
    return user


@pytest.fixture
def rep(representative):
    representative.email = "rep@example.ru"
    representative.save()
    return representative


@pytest.fixture
def program(organization):
    program = make_program(
        organization=organization,
        title=OLD,
        annotation="Дебюты и простые комбинации.",
        places_available=5,
    )
    ScheduleSlot.objects.create(
        program=program, weekday=2, starts_at="15:00", ends_at="16:00", group_name="Группа 1"
    )
    return program


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def change_url(program):
    return reverse("admin:programs_program_change", args=[program.pk])


def revision_url(revision):
    return reverse("admin:programs_programrevision_change", args=[revision.pk])


def edit(client, program, **changes):
    data = opened(client, change_url(program))
    data.update(changes)
    return client.post(change_url(program), data)


def found(client, words):
    response = client.get(CATALOGUE, {"q": words})
    return [item.title for item in response.context["page"]]


def propose(rep, program):
    response = edit(
        as_user(rep),
        program,
        title="Шахматы для всех",
        annotation=f"Новый {NEW_WORD} курс.",
        places_available="3",
    )
    assert response.status_code == 302, form_of(response)
    return ProgramRevision.objects.get(program=program, state=ProgramRevision.State.PENDING)


def test_a_published_program_keeps_its_live_text_while_the_edit_waits(client, rep, program):
    revision = propose(rep, program)
    program.refresh_from_db()
    assert (program.title, program.status) == (OLD, Program.Status.PUBLISHED)
    assert program.places_available == 3  # operational: live at once
    assert set(revision.values) == {"title", "annotation"}
    assert revision.author == rep
    page = client.get(program.get_absolute_url())
    assert page.status_code == 200
    assert OLD in page.content.decode() and NEW_WORD not in page.content.decode()
    assert found(client, NEW_WORD) == []
    assert program.history.latest().places_available == 3


def test_an_operational_change_goes_live_with_a_history_row(client, rep, program):
    before = program.history.count()
    response = edit(as_user(rep), program, places_available="0", enrollment_open="")
    assert response.status_code == 302
    program.refresh_from_db()
    assert (program.places_available, program.enrollment_open) == (0, False)
    assert program.status == Program.Status.PUBLISHED
    assert not ProgramRevision.objects.exists()
    assert program.history.count() == before + 1
    latest = program.history.latest()
    assert (latest.places_available, latest.history_user) == (0, rep)


def test_a_schedule_change_goes_live_without_review(rep, program):
    client = as_user(rep)
    data = opened(client, change_url(program))
    data["schedule_slots-0-starts_at"] = "16:00"
    data["schedule_slots-0-ends_at"] = "17:30"
    assert client.post(change_url(program), data).status_code == 302
    slot = program.schedule_slots.get()
    assert (slot.starts_at.hour, slot.ends_at.minute) == (16, 30)
    assert not ProgramRevision.objects.exists()


def test_a_second_edit_adds_to_the_pending_revision(rep, program):
    propose(rep, program)
    level = Level.objects.get(code="base")
    edit(as_user(rep), program, levels=[str(level.pk)])
    revision = ProgramRevision.objects.get()
    assert set(revision.values) == {"title", "annotation", "levels"}
    assert revision.values["levels"] == [level.pk]
    assert list(program.levels.values_list("code", flat=True)) == ["start"]


def test_the_methodist_approves_and_the_new_text_is_live_and_found(
    client, rep, program, methodist, page_cache, django_capture_on_commit_callbacks
):
    revision = propose(rep, program)
    assert NEW_WORD not in client.get(program.get_absolute_url()).content.decode()  # kept
    page = as_user(methodist).get(revision_url(revision))
    assert page.status_code == 200 and page.context["may_decide"]
    with django_capture_on_commit_callbacks(execute=True):  # the page cache moves on commit
        response = as_user(methodist).post(revision_url(revision), {"_approve": "1"})
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.title == "Шахматы для всех"
    assert NEW_WORD in client.get(program.get_absolute_url()).content.decode()
    assert found(client, NEW_WORD) == ["Шахматы для всех"]
    assert program.history.latest().history_user == methodist
    revision.refresh_from_db()
    assert (revision.state, revision.decided_by) == (ProgramRevision.State.APPROVED, methodist)


def test_a_return_needs_a_reason(rep, program, methodist):
    revision = propose(rep, program)
    page = as_user(methodist).post(revision_url(revision), {"_return": "1", "reason": "  "})
    assert page.status_code == 200
    assert page.context["form"].errors["reason"]
    revision.refresh_from_db()
    assert revision.state == ProgramRevision.State.PENDING


def test_a_returned_revision_is_seen_and_mailed_to_the_representative(rep, program, methodist):
    revision = propose(rep, program)
    reason = "Уточните возраст в аннотации"
    response = as_user(methodist).post(revision_url(revision), {"_return": "1", "reason": reason})
    assert response.status_code == 302
    revision.refresh_from_db()
    assert (revision.state, revision.reason) == (ProgramRevision.State.RETURNED, reason)
    program.refresh_from_db()
    assert program.title == OLD
    rep_client = as_user(rep)
    page = rep_client.get(change_url(program))
    assert page.context["returned_revision"] == revision
    assert reason in page.content.decode()
    home = rep_client.get(reverse("admin:index"))
    notes = [item.note for section in home.context["sections"] for item in section.items]
    assert any(reason in note for note in notes)
    queued = OutgoingMail.objects.get(to=["rep@example.ru"])
    assert reason in queued.body
    outbox.deliver_due()
    assert [message.to for message in mail.outbox] == [["rep@example.ru"]]
    assert change_url(program) in mail.outbox[0].body


def test_a_representative_cannot_approve_even_by_url(rep, program):
    revision = propose(rep, program)
    client = as_user(rep)
    page = client.get(revision_url(revision))
    assert page.status_code == 200 and not page.context["may_decide"]
    assert client.post(revision_url(revision), {"_approve": "1"}).status_code == 403
    revision.refresh_from_db()
    assert revision.state == ProgramRevision.State.PENDING


def test_nobody_approves_their_own_revision(methodist, program):
    revision = ProgramRevision.objects.create(
        program=program, values={"title": "Своя правка"}, author=methodist
    )
    client = as_user(methodist)
    assert client.post(revision_url(revision), {"_approve": "1"}).status_code == 403
    program.refresh_from_db()
    assert program.title == OLD


def test_the_diff_shows_russian_labels_and_names(rep, program, methodist):
    revision = propose(rep, program)
    revision.values = {
        **revision.values,
        "study_form": Program.StudyForm.MIXED,
        "levels": [Level.objects.get(code="base").pk],
        "is_network": True,
    }
    revision.save()
    page = as_user(methodist).get(revision_url(revision))
    rows = {row.label: (row.published, row.proposed) for row in page.context["rows"]}
    assert rows["Название"] == (OLD, "Шахматы для всех")
    assert rows["Форма обучения"] == ("Очная", "Очно-заочная")
    assert rows["Уровни"][1] == Level.objects.get(code="base").name
    assert rows["Сетевая форма реализации"] == ("нет", "да")
    listing = as_user(methodist).get(REVISIONS)
    assert "Название" in listing.content.decode()
    assert "study_form" not in listing.content.decode()


def test_the_import_of_a_changed_published_program_creates_a_revision(rep, program, organization):
    rows = [
        ["Название", "Организация", "Аннотация", "Свободных мест"],
        [OLD, organization.short_name, f"Совсем {NEW_WORD} текст.", "1"],
    ]
    result = import_programs(xlsx(rows), user=rep, filename="programs.xlsx")
    assert result.ok, result.errors
    program.refresh_from_db()
    assert program.annotation == "Дебюты и простые комбинации."
    assert program.places_available == 1
    assert program.status == Program.Status.PUBLISHED
    revision = ProgramRevision.objects.get(program=program)
    assert revision.values == {"annotation": f"Совсем {NEW_WORD} текст."}


def test_a_new_programs_return_asks_for_a_reason_and_mails_it(rep, methodist, organization):
    waiting = make_program(organization=organization, status=Program.Status.MODERATION)
    waiting.history.update(history_user=rep)
    client = as_user(methodist)
    changelist = reverse("admin:programs_program_changelist")
    chosen = {"action": "return_for_rework", "_selected_action": [waiting.pk]}
    page = client.post(changelist, chosen)
    assert page.status_code == 200 and "reason" in page.context["form"].fields
    waiting.refresh_from_db()
    assert waiting.status == Program.Status.MODERATION
    empty = client.post(changelist, {**chosen, "reason_given": "1", "reason": ""})
    assert empty.status_code == 200 and empty.context["form"].errors
    client.post(changelist, {**chosen, "reason_given": "1", "reason": "Нет расписания"})
    waiting.refresh_from_db()
    assert waiting.status == Program.Status.REWORK
    returned = ProgramRevision.objects.get(program=waiting)
    assert (returned.reason, returned.author) == ("Нет расписания", rep)
    assert "Нет расписания" in OutgoingMail.objects.get(to=["rep@example.ru"]).body
    assert "Нет расписания" in as_user(rep).get(change_url(waiting)).content.decode()


def error_codes(page):
    """The codes of the errors an admin change page shows: its form's and its inlines'."""
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms.extend(inline.formset.forms)
    return {
        error.code
        for form in forms
        for errors in form.errors.as_data().values()
        for error in errors
    }


def test_a_stale_schedule_row_is_refused_and_keeps_what_was_typed(rep, program, methodist):
    first, second = as_user(methodist), as_user(rep)
    theirs = opened(first, change_url(program))
    mine = opened(second, change_url(program))
    theirs["schedule_slots-0-ends_at"] = "16:30"
    assert first.post(change_url(program), theirs).status_code == 302
    mine["schedule_slots-0-group_name"] = "Группа А"
    page = second.post(change_url(program), mine)
    assert page.status_code == 200
    assert "stale" in error_codes(page)
    assert 'value="Группа А"' in page.content.decode()
    assert program.schedule_slots.get().group_name == "Группа 1"


@pytest.mark.parametrize("size", [2, 12])
def test_the_moderation_list_costs_the_same_queries_at_any_size(
    size, methodist, organization, django_assert_max_num_queries
):
    for _ in range(size):
        program = make_program(organization=organization)
        ProgramRevision.objects.create(program=program, values={"title": "Новое"})
    client = as_user(methodist)
    with django_assert_max_num_queries(12):
        page = client.get(REVISIONS)
    assert len(page.context["cl"].result_list) == size

"""Optimistic locking in the admin: a save from a form opened before someone else's save is
refused with what changed, keeps what was typed, and a second, deliberate save goes through."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse

from best_practices.models import Status
from events.models import NewsItem
from moc_portal.core.admin_locking import stale_message
from programs.models import Level, Program
from tests.best_practices.factories import make_practice
from tests.events.conftest import make_document, make_event, make_news, make_plan
from tests.factories import make_organization, make_program
from tests.pages import form_of, opened

pytestmark = pytest.mark.django_db

STALE = "Пока вы редактировали"
# The admin's date-and-time widget keeps minutes: a seeded moment with seconds would change
# on the first save and show up among «what changed».
OPENED = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)


def stale_codes(response):
    """The codes of the errors on the admin form as a whole."""
    return [error.code for error in response.context["adminform"].form.non_field_errors().as_data()]


CASES = {
    "program": (
        lambda: make_program(title="Юный техник"),
        "programs_program",
        "title",
        "annotation",
    ),
    "event": (lambda: make_event(title="Слёт"), "events_event", "title", "description"),
    "news": (
        lambda: make_news(title="Новость", published_at=OPENED),
        "events_newsitem",
        "title",
        "lead",
    ),
    "practice": (
        lambda: make_practice(Status.SCREENING, title="Практика"),
        "best_practices_practice",
        "title",
        "annotation",
    ),
    "organization": (
        lambda: make_organization(short_name="МБУ ДО № 1"),
        "programs_organization",
        "short_name",
        "description",
    ),
    "document": (
        lambda: make_document(title="Приказ", published_at=OPENED),
        "events_document",
        "title",
        "number",
    ),
}


@pytest.fixture(params=CASES)
def case(request):
    make, admin_name, first_field, second_field = CASES[request.param]
    obj = make()
    return obj, reverse(f"admin:{admin_name}_change", args=[obj.pk]), first_field, second_field


def test_a_stale_save_is_refused_naming_the_change_and_keeping_what_was_typed(methodists, case):
    obj, url, field, other = case
    anna, boris = methodists
    annas_form, boris_form = opened(anna, url), opened(boris, url)

    response = anna.post(url, {**annas_form, field: "Правка Анны"})
    assert response.status_code == 302, response.context["adminform"].form.errors

    refused = boris.post(url, {**boris_form, other: "Правка Бориса"})
    assert refused.status_code == 200
    errors = refused.context["adminform"].form.non_field_errors()
    label = refused.context["adminform"].form.fields[field].label
    assert len(errors) == 1
    assert errors[0].startswith(f"{STALE}, Анна Петрова сохранил(а) изменения в ")
    assert "Правка Бориса" in refused.content.decode()
    obj.refresh_from_db()
    # Anna's field named; Boris's untouched field already shows her value (see below).
    assert errors == [stale_message(obj, [label], taken=True)]
    assert stale_codes(refused) == ["stale"]
    assert getattr(obj, field) == "Правка Анны"
    assert getattr(obj, other) != "Правка Бориса"

    # The page keeps what Boris typed, shows Anna's value in the field he left alone and
    # carries a fresh token: saving it again is deliberate and keeps both changes.
    again = form_of(refused)
    assert (again[field], again[other]) == ("Правка Анны", "Правка Бориса")
    assert boris.post(url, again).status_code == 302
    obj.refresh_from_db()
    assert (getattr(obj, field), getattr(obj, other)) == ("Правка Анны", "Правка Бориса")


def test_a_save_with_no_change_in_between_goes_through(methodists, case):
    obj, url, field, _ = case
    anna, _ = methodists
    response = anna.post(url, {**opened(anna, url), field: "Новое название"})
    assert response.status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == "Новое название"


def test_a_save_after_a_save_that_changed_nothing_goes_through(methodists, case):
    obj, url, field, _ = case
    anna, boris = methodists
    annas_form, boris_form = opened(anna, url), opened(boris, url)
    assert anna.post(url, annas_form).status_code == 302
    assert boris.post(url, {**boris_form, field: "Правка Бориса"}).status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == "Правка Бориса"


def test_two_changes_are_both_named(methodists):
    news = make_news(title="Новость", published_at=OPENED)
    url = reverse("admin:events_newsitem_change", args=[news.pk])
    anna, boris = methodists
    annas_form, boris_form = opened(anna, url), opened(boris, url)
    assert anna.post(url, {**annas_form, "title": "А", "lead": "Б"}).status_code == 302

    refused = boris.post(url, {**boris_form, "body": "<p>Текст Бориса</p>"})
    form = refused.context["adminform"].form
    [error] = form.non_field_errors()
    current = NewsItem.objects.get(pk=news.pk)
    labels = [form.fields["title"].label, form.fields["lead"].label]
    assert error == stale_message(current, labels, taken=True)
    assert NewsItem.objects.get(pk=news.pk).body != "<p>Текст Бориса</p>"


# Practices are added through the public form only.
@pytest.mark.parametrize("admin_name", ["programs_program", "events_event", "events_newsitem"])
def test_the_add_form_has_no_token(methodists, admin_name):
    anna, _ = methodists
    page = anna.get(reverse(f"admin:{admin_name}_add"))
    assert page.status_code == 200
    assert "locking_token" not in page.content.decode()


def test_a_news_item_is_added_as_before(methodists):
    anna, _ = methodists
    form = opened(anna, reverse("admin:events_newsitem_add"))
    form.update(title="Свежая", slug="svezhaya", lead="Анонс", body="<p>Текст</p>", status="draft")
    form.update({"published_at_0": "01.12.2026", "published_at_1": "10:00"})
    response = anna.post(reverse("admin:events_newsitem_add"), form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert NewsItem.objects.filter(slug="svezhaya").exists()


def test_a_media_plan_with_its_rows_refuses_a_stale_save(methodists):
    plan = make_plan(notes="План")
    url = reverse("admin:events_mediaplan_change", args=[plan.pk])
    anna, boris = methodists
    annas_form, boris_form = opened(anna, url), opened(boris, url)
    assert anna.post(url, {**annas_form, "notes": "Правка Анны"}).status_code == 302

    refused = boris.post(url, {**boris_form, "agreed_on": "02.12.2026"})
    form = refused.context["adminform"].form
    [error] = form.non_field_errors()
    plan.refresh_from_db()
    assert error == stale_message(plan, [form.fields["notes"].label], taken=True)
    assert (plan.notes, plan.agreed_on) == ("Правка Анны", None)


def test_a_field_both_changed_keeps_what_this_person_typed(methodists):
    program = make_program(title="Юный техник")
    url = reverse("admin:programs_program_change", args=[program.pk])
    anna, boris = methodists
    annas_form, boris_form = opened(anna, url), opened(boris, url)
    assert anna.post(url, {**annas_form, "title": "Правка Анны"}).status_code == 302

    refused = boris.post(url, {**boris_form, "title": "Правка Бориса"})
    form = refused.context["adminform"].form
    [error] = form.non_field_errors()
    # Both changed the title: nothing of Anna's is taken into Boris's form.
    current = Program.objects.get(pk=program.pk)
    assert error == stale_message(current, [form.fields["title"].label], taken=False)
    assert form_of(refused)["title"] == "Правка Бориса"
    assert Program.objects.get(pk=program.pk).title == "Правка Анны"


def test_other_kinds_of_fields_are_shown_with_the_new_values(methodists):
    """Choices and dates with times: what Anna saved, as the widgets would send it."""
    news = make_news(title="Новость", published_at=OPENED)
    url = reverse("admin:events_newsitem_change", args=[news.pk])
    anna, boris = methodists
    annas_form, boris_form = opened(anna, url), opened(boris, url)
    changed = {"status": "draft", "published_at_0": "02.12.2026", "published_at_1": "15:30:00"}
    assert anna.post(url, {**annas_form, **changed}).status_code == 302

    refused = boris.post(url, {**boris_form, "lead": "Правка Бориса"})
    again = form_of(refused)
    assert {key: again[key] for key in changed} == changed
    assert boris.post(url, again).status_code == 302
    news.refresh_from_db()
    assert (news.status, news.lead) == ("draft", "Правка Бориса")


def test_many_to_many_and_checkboxes_are_shown_with_the_new_values(methodists):
    program = make_program(title="Юный техник", levels=("start",), enrollment_open=True)
    url = reverse("admin:programs_program_change", args=[program.pk])
    anna, boris = methodists
    annas_form, boris_form = opened(anna, url), opened(boris, url)
    levels = [
        str(pk)
        for pk in Level.objects.filter(code__in=["start", "base"]).values_list("pk", flat=True)
    ]
    annas = {key: value for key, value in annas_form.items() if key != "enrollment_open"}
    assert anna.post(url, {**annas, "levels": levels}).status_code == 302

    refused = boris.post(url, {**boris_form, "annotation": "Правка Бориса"})
    again = form_of(refused)
    assert sorted(again["levels"]) == sorted(levels) and "enrollment_open" not in again
    assert boris.post(url, again).status_code == 302
    program.refresh_from_db()
    assert program.annotation == "Правка Бориса" and not program.enrollment_open
    assert set(program.levels.values_list("code", flat=True)) == {"start", "base"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_two_simultaneous_saves_from_one_opened_form_only_one_wins(methodists):
    news = make_news(title="Новость", published_at=OPENED)
    url = reverse("admin:events_newsitem_change", args=[news.pk])
    forms_opened = [(client, opened(client, url)) for client in methodists]
    start = threading.Barrier(2)
    outcomes = []

    def save(client, form, value):
        try:
            start.wait()
            outcomes.append(client.post(url, {**form, "lead": value}).status_code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(client, form, f"Правка {number}"))
        for number, (client, form) in enumerate(forms_opened)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == [200, 302]

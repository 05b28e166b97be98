"""The staff home: after login each person sees what waits for them, by what they may do."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from best_practices.models import Status as PracticeStatus
from events.models import Event
from moc_portal.core.text import date_ru
from moc_portal.models import OutgoingMail, Question
from moc_portal.roles import COORDINATORS, EXPERTS, METHODISTS, REPRESENTATIVES
from monitoring.models import Submission
from programs.models import Program
from tests.best_practices.factories import make_practice, make_review
from tests.events.conftest import make_event
from tests.factories import make_organization, make_period, make_program, make_submission

pytestmark = pytest.mark.django_db

HOME = "/admin/"


@pytest.fixture
def person(django_user_model, client):
    def log_in(group, username="person"):
        user = django_user_model.objects.create_user(username, password="x", is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        return user

    return log_in


def sections(response):
    """{section title: {item label: (url, count)}} as the page shows them."""
    return {
        section.title: {item.label: (item.url, item.count) for item in section.items}
        for section in response.context["sections"]
    }


def home(client):
    response = client.get(HOME)
    assert response.status_code == 200
    return response


def test_a_representative_sees_their_reports_programs_and_where_to_propose_an_event(client, person):
    user = person(REPRESENTATIVES)
    mine = make_organization(short_name="ДДТ")
    mine.representatives.add(user)
    other = make_organization(short_name="Чужая школа")
    make_program(organization=mine, status=Program.Status.PUBLISHED)
    make_program(organization=mine, status=Program.Status.MODERATION)
    make_program(organization=other, status=Program.Status.MODERATION)
    period = make_period(2026, 11)
    make_submission(mine, period, status="returned")

    response = home(client)
    shown = sections(response)
    assert response.context["role_title"] == "Рабочее место представителя организации"
    assert set(shown) == {"Мои отчёты", "Мои программы", "Мои консультации"}
    report_url = reverse("monitoring:submission", args=[period.code, mine.slug])
    assert any(url == report_url for url, _ in shown["Мои отчёты"].values())
    [report] = [
        item
        for section in response.context["sections"]
        for item in section.items
        if item.url == report_url
    ]
    assert all("Чужая школа" not in label for label in shown["Мои отчёты"])
    programs = shown["Мои программы"]
    assert programs["Опубликованы"][1] == 1
    assert programs["На модерации"][1] == 1  # the other organization's is not counted
    assert programs["Предложить мероприятие"][0] == reverse("events:propose")
    # The report's status and its deadline, on the page.
    assert report.note == f"{Submission.Status.RETURNED.label}; срок — {date_ru(period.deadline)}"
    assert report.note in response.content.decode()


def test_a_coordinator_sees_the_dashboard_and_the_reports_waiting_for_review(client, person):
    person(COORDINATORS)
    make_submission(make_organization(), make_period(2026, 10), status="submitted")
    make_submission(make_organization(), make_period(2026, 10), status="accepted")

    response = home(client)
    shown = sections(response)
    assert response.context["role_title"] == "Рабочее место координатора"
    assert shown["Мониторинг"]["Панель мониторинга и отчёты за месяц"][0] == reverse(
        "monitoring:dashboard"
    )
    url, waiting = shown["Мониторинг"]["Отчёты организаций ждут проверки"]
    assert waiting == 1
    assert client.get(url).status_code == 200
    assert set(shown) == {"Мониторинг"}  # no review queue, no own reports


def test_a_methodist_sees_what_waits_for_moderation_and_every_link_opens(client, person):
    person(METHODISTS)
    make_program(status=Program.Status.MODERATION)
    make_program(status=Program.Status.PUBLISHED)
    make_event(status=Event.Status.MODERATION)
    make_event(status=Event.Status.PUBLISHED)
    Question.objects.create(name="Анна", email="anna@example.com", text="Когда запись?")
    for status in (PracticeStatus.SUBMITTED, PracticeStatus.SUBMITTED, PracticeStatus.REVIEW):
        make_practice(status)
    OutgoingMail.objects.create(subject="Тема", to=["a@example.com"], body="Текст")

    response = home(client)
    waiting = sections(response)["Ждёт вашего решения"]
    assert response.context["role_title"] == "Рабочее место методиста"
    counts = {label: count for label, (_, count) in waiting.items()}
    assert counts == {
        "Программы на модерации": 1,
        "Правки опубликованных программ": 0,
        "Предложенные мероприятия": 1,
        "Вопросы без ответа": 1,
        "Консультации без ответа": 0,
        "Практики: подана": 2,
        "Практики: техническая проверка": 0,
        "Практики: экспертиза": 1,
        "Неотправленные письма": 1,
    }
    for label, (url, _) in waiting.items():
        assert client.get(url).status_code == 200, label


def test_an_expert_sees_only_the_practices_waiting_for_their_own_score(client, person):
    expert = person(EXPERTS)
    waiting_for_me = make_practice(PracticeStatus.REVIEW)
    make_review(waiting_for_me, expert, done=False)
    scored = make_practice(PracticeStatus.REVIEW)
    make_review(scored, expert, done=True)
    make_review(make_practice(PracticeStatus.REVIEW), done=False)  # another expert's

    response = home(client)
    assert response.context["role_title"] == "Рабочее место эксперта"
    assert sections(response) == {
        "Экспертиза": {
            "Практики ждут вашей оценки": (reverse("admin:best_practices_review_changelist"), 1)
        }
    }


@pytest.mark.parametrize("group", [REPRESENTATIVES, COORDINATORS, METHODISTS, EXPERTS])
def test_the_home_page_reads_a_constant_number_of_queries(
    client, person, group, django_assert_max_num_queries
):
    user = person(group)
    period = make_period(2026, 11)
    for number in range(8):
        organization = make_organization(short_name=f"Организация {number}")
        organization.representatives.add(user)
        make_program(organization=organization, status=Program.Status.MODERATION)
        make_submission(organization, period, status="submitted")
        make_practice(PracticeStatus.SUBMITTED)
    with django_assert_max_num_queries(30):
        home(client)


def test_a_user_without_a_role_gets_the_plain_index(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody", is_staff=True))
    response = home(client)
    assert response.context["sections"] == []
    assert Submission.objects.count() == 0  # reading the home page writes nothing

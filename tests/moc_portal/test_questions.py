from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from moc_portal.core import outbox, questions
from moc_portal.forms import QuestionForm
from moc_portal.models import ConsentRecord, OutgoingMail, Question, SiteSettings
from moc_portal.roles import METHODISTS, ensure_staff_groups
from moc_portal.tasks import erase_expired_personal_data
from tests.pages import fields_in_error, message_levels, message_texts

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Мария",
    "reply_by": "email",
    "email": "maria@example.ru",
    "phone": "",
    "text": "Есть ли места в кружке робототехники для ребёнка 9 лет?",
    "consent": "on",
    "website": "",
}


@pytest.fixture
def moc_email(eager_tasks):
    site = SiteSettings.load()
    site.email = "moc@example.ru"
    site.save()
    return site.email


def ask(client, **changes):
    return client.post("/contacts/", {**VALID, **changes}, REMOTE_ADDR="203.0.113.7")


def test_the_contacts_page_offers_the_form_with_an_unticked_consent(client):
    response = client.get("/contacts/")
    assert isinstance(response.context["form"], QuestionForm)
    html = response.content.decode()
    assert 'id="question-heading"' in html
    assert 'name="consent"' in html
    assert 'name="consent" checked' not in html
    assert 'href="/privacy/"' in html


def test_a_question_is_stored_with_the_consent_and_the_moc_is_notified(
    client, moc_email, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client)
    assert response.status_code == 302
    question = Question.objects.get()
    assert (question.name, question.email, question.status) == ("Мария", VALID["email"], "new")
    consent = question.consent
    assert consent.ip_address == "203.0.113.7"
    assert consent.text == SiteSettings.load().consent_text
    assert consent.text_version == SiteSettings.load().consent_version
    assert mail.outbox == []  # queued with the question, delivered by the outbox
    outbox.deliver_due()
    [message] = mail.outbox
    assert message.to == [moc_email]
    assert VALID["text"] in message.body
    assert f"/admin/moc_portal/question/{question.pk}/change/" in message.body
    assert message.reply_to == [VALID["email"]]


def test_without_consent_nothing_is_stored_and_what_was_typed_stays(client):
    response = ask(client, consent="")
    assert response.status_code == 200
    assert fields_in_error(response) == {"consent"}
    html = response.content.decode()
    assert VALID["text"] in html
    assert 'value="maria@example.ru"' in html
    assert not Question.objects.exists() and not ConsentRecord.objects.exists()


def test_the_chosen_way_to_reply_must_be_filled_in(client):
    assert fields_in_error(ask(client, reply_by="phone", email="")) == {"phone"}
    assert fields_in_error(ask(client, reply_by="phone", phone="12-34")) == {"phone"}
    assert not Question.objects.exists()


def test_only_the_contact_asked_for_is_kept(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, reply_by="phone", phone="+7 900 123-45-67")
    question = Question.objects.get()
    assert (question.phone, question.email) == ("+7 900 123-45-67", "")


def test_a_robot_filling_the_honeypot_is_turned_away(client):
    response = ask(client, website="http://spam.example")
    assert response.status_code == 200
    assert not Question.objects.exists()


def test_one_address_may_ask_only_a_few_questions_an_hour(client, moc_email):
    for number in range(5):
        assert ask(client, text=f"Вопрос номер {number}").status_code == 302
    response = ask(client)
    assert response.status_code == 429
    assert fields_in_error(response) == {"__all__"}  # the quota, on the form as a whole
    assert Question.objects.count() == 5


def make_question(**fields):
    consent = ConsentRecord.objects.create(
        purpose="Вопрос с сайта", text="…", text_version="v1", ip_address="203.0.113.7"
    )
    defaults = {"name": "Мария", "email": "maria@example.ru", "text": "Вопрос?"}
    return Question.objects.create(consent=consent, **{**defaults, **fields})


def test_a_methodist_answers_in_the_admin_and_the_answer_is_emailed_once(
    client, django_user_model, eager_tasks, django_capture_on_commit_callbacks
):
    ensure_staff_groups()
    methodist = django_user_model.objects.create_user("m", password="x", is_staff=True)
    methodist.groups.add(Group.objects.get(name=METHODISTS))
    client.force_login(methodist)
    question = make_question()
    url = f"/admin/moc_portal/question/{question.pk}/change/"
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"answer": "Да, места есть. Приходите в понедельник."})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED and question.answered_by == methodist
    assert question.answer_sent_at is not None
    outbox.deliver_due()
    [message] = mail.outbox
    assert message.to == ["maria@example.ru"]
    assert "Да, места есть." in message.body and "Вопрос?" in message.body
    assert "/privacy/" in message.body

    questions.send_answer(question.pk)  # a redelivered task
    outbox.deliver_due()
    assert len(mail.outbox) == 1


def test_closed_questions_lose_personal_data_after_the_retention_period():
    site = SiteSettings.load()
    site.personal_data_retention_days = 30
    site.save()
    now = timezone.now()
    old = make_question(status="answered", answer="Ответ Марии", closed_at=now - timedelta(days=31))
    recent = make_question(status="answered", closed_at=now - timedelta(days=29))
    still_open = make_question()
    Question.objects.filter(pk=still_open.pk).update(created_at=now - timedelta(days=400))

    assert erase_expired_personal_data.apply().get() == 1

    old.refresh_from_db()
    assert (old.name, old.email, old.phone, old.answer) == ("", "", "", "")
    assert old.text == "Вопрос?"  # the anonymous text stays for statistics
    assert old.personal_data_erased_at is not None
    assert old.consent.ip_address is None
    for kept in (recent, still_open):
        kept.refresh_from_db()
        assert kept.email == "maria@example.ru" and kept.consent.ip_address == "203.0.113.7"
    assert questions.erase_expired_personal_data() == 0  # nothing twice


def test_the_erasure_runs_daily_in_the_site_time_zone(settings):
    task = PeriodicTask.objects.get(task="moc_portal.tasks.erase_expired_personal_data")
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute) == ("3", "30")
    assert str(task.crontab.timezone) == settings.TIME_ZONE


def test_the_page_tells_where_the_answer_will_come(client, moc_email):
    by_mail = client.get(ask(client).url)
    assert message_levels(by_mail) == ["success"]
    [said] = message_texts(by_mail)
    assert "maria@example.ru" in said and said in by_mail.content.decode()
    by_phone = client.get(ask(client, reply_by="phone", phone="+7 900 123-45-67").url)
    [said] = message_texts(by_phone)
    assert "+7 900 123-45-67" in said and "@" not in said


def test_a_double_submit_makes_one_question_and_one_mail(client, moc_email):
    assert ask(client).status_code == 302
    assert ask(client).status_code == 302
    assert Question.objects.count() == 1
    outbox.deliver_due()
    assert len(mail.outbox) == 1


def test_the_same_question_after_the_window_is_a_new_one(client, moc_email):
    ask(client)
    Question.objects.update(created_at=timezone.now() - questions.DUPLICATE_WINDOW)
    ask(client)
    assert Question.objects.count() == 2


def test_the_form_does_not_wait_for_the_mail_server(client, moc_email, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    assert ask(client).status_code == 302
    [queued] = OutgoingMail.objects.all()
    assert (queued.to, queued.status) == ([moc_email], "waiting")


def test_the_same_question_from_another_address_is_another_persons(client, moc_email):
    ask(client)
    client.post("/contacts/", VALID, REMOTE_ADDR="198.51.100.42")
    assert Question.objects.count() == 2

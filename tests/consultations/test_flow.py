"""The consultation end to end: asked in the staff area → answered in the admin (mailed once
through the outbox) → published anonymised → found in «Вопросы и ответы»."""

import pytest
from django.urls import reverse

from consultations import services
from consultations.models import Attachment, Consultation, Topic
from moc_portal.core import outbox
from moc_portal.models import OutgoingMail
from tests.uploads import pdf

from .admin_forms import opened_form, save

pytestmark = pytest.mark.django_db

ASK = reverse("consultations:ask")
KB = reverse("consultations:list")
QUESTION = (
    "Наш ДДТ «Радуга» хочет включить программу «Робототехника» в реестр ПФДО. "
    "Какие документы нужны для сертификации программы? Ольга Новикова."
)
ANSWER = "Заполните карточку программы в Навигаторе и подайте заявку на сертификацию."
PUBLIC_QUESTION = "Какие документы нужны для сертификации программы в ПФДО?"
PUBLIC_ANSWER = (
    "Заполните карточку программы в Навигаторе, укажите нормативную стоимость модуля "
    "и подайте заявку на сертификацию."
)


def ask(client, organization, **fields):
    data = {
        "organization": organization.pk,
        "topic": Topic.PFDO,
        "question": QUESTION,
        **fields,
    }
    return client.post(ASK, data)


def answer_mails():
    return OutgoingMail.objects.filter(kind="consultations/emails/answer")


def test_the_whole_flow_from_question_to_the_public_answer(
    client, representative, methodist, organization, site_email
):
    client.force_login(representative)
    response = ask(client, organization, files=[pdf()])
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("consultations:detail", args=[consultation.pk])
    assert consultation.organization == organization
    assert consultation.asked_by == representative
    assert consultation.status == Consultation.Status.NEW
    assert Attachment.objects.get().consultation == consultation
    # The МОЦ hears of it by mail, once.
    assert OutgoingMail.objects.filter(kind="consultations/emails/received").count() == 1

    client.force_login(methodist)
    assert save(client, consultation, answer=ANSWER).status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.ANSWERED
    assert consultation.answered_by == methodist
    mail = answer_mails().get()
    assert mail.to == [representative.email]
    assert ANSWER in mail.body
    assert reverse("consultations:detail", args=[consultation.pk]) in mail.body

    # A second save, and a corrected answer, mail nothing more.
    save(client, consultation, answer=ANSWER + " Срок — 10 дней.")
    services.answer(consultation, text=ANSWER, user=methodist)
    assert answer_mails().count() == 1

    # The asker sees the answer in their area.
    client.force_login(representative)
    page = client.get(reverse("consultations:detail", args=[consultation.pk]))
    assert ANSWER in page.content.decode()

    # Published in the methodist's own wording: the organization and the person are not named.
    client.force_login(methodist)
    response = save(
        client,
        consultation,
        public_question=PUBLIC_QUESTION,
        public_answer=PUBLIC_ANSWER,
        publish=True,
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.is_published

    client.logout()
    for query in ("сертификация", "документов", "сертифкация", "ПФДО", "cthnbabrfwbz"):
        page = client.get(KB, {"q": query})
        entries = list(page.context["base"].page.object_list)
        assert entries == [consultation], query
    page = client.get(KB, {"q": "сертификации"}).content.decode()
    assert PUBLIC_ANSWER in page
    for private in ("Радуга", "Новикова", organization.short_name, QUESTION[:30]):
        assert private not in page
    assert client.get(KB, {"q": "бассейн"}).context["base"].total == 0


def test_the_answer_is_delivered_once_to_a_real_mail_server(
    representative, methodist, organization, smtp
):
    consultation = services.ask(
        organization=organization, user=representative, topic=Topic.OTHER, question=QUESTION
    )
    services.answer(consultation, text=ANSWER, user=methodist)
    services.answer(consultation, text=ANSWER, user=methodist)  # a double click
    assert outbox.deliver_due() == {"sent": 1, "failed": 0}
    assert outbox.deliver_due() == {"sent": 0, "failed": 0}
    [message] = smtp.messages
    assert message["To"] == representative.email
    assert ANSWER in message.get_content()
    assert answer_mails().get().status == OutgoingMail.Status.SENT


def test_without_an_e_mail_of_the_asker_the_answer_goes_to_the_organization(
    client, staff, methodist, organization
):
    asker = staff("no-mail", organization=organization)
    consultation = services.ask(
        organization=organization, user=asker, topic=Topic.OTHER, question="Вопрос"
    )
    mail = services.answer(consultation, text="Ответ", user=methodist)
    assert mail.to == [organization.email]


def test_publishing_needs_the_public_texts_and_says_so(client, methodist, organization):
    consultation = services.ask(
        organization=organization, user=None, topic=Topic.OTHER, question="Вопрос"
    )
    client.force_login(methodist)
    response = save(client, consultation, answer="Ответ", publish=True)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"public_question", "public_answer"}
    consultation.refresh_from_db()
    assert not consultation.is_published
    assert consultation.status == Consultation.Status.NEW  # nothing was saved


def test_publishing_an_unanswered_consultation_is_refused(client, methodist, organization):
    consultation = services.ask(
        organization=organization, user=None, topic=Topic.OTHER, question="Вопрос"
    )
    client.force_login(methodist)
    response = save(client, consultation, public_question="В", public_answer="О", publish=True)
    assert response.status_code == 200
    assert "publish" in response.context["adminform"].form.errors
    with pytest.raises(services.ConsultationError):
        services.publish(consultation, question="В", answer_text="О")


def test_unticking_publish_takes_the_answer_down(client, methodist, organization):
    consultation = services.ask(
        organization=organization, user=None, topic=Topic.OTHER, question="Вопрос"
    )
    services.answer(consultation, text="Ответ", user=methodist)
    consultation.refresh_from_db()
    services.publish(consultation, question="Про бассейн", answer_text="Ответ про бассейн")
    assert client.get(KB, {"q": "бассейн"}).context["base"].total == 1
    client.force_login(methodist)
    assert save(client, consultation, publish=False).status_code == 302
    consultation.refresh_from_db()
    assert not consultation.is_published
    assert client.get(KB, {"q": "бассейн"}).context["base"].total == 0


def test_a_stale_answer_form_is_refused_and_keeps_what_was_typed(
    client, methodist, staff, organization
):
    consultation = services.ask(
        organization=organization, user=None, topic=Topic.OTHER, question="Вопрос"
    )
    client.force_login(methodist)
    stale = opened_form(client, consultation)
    colleague = staff("colleague", "Методисты")
    client.force_login(colleague)
    assert save(client, consultation, answer="Ответ коллеги").status_code == 302
    client.force_login(methodist)
    response = save(client, consultation, stale, answer="Мой ответ")
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert "Мой ответ" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.answer == "Ответ коллеги"
    assert answer_mails().count() <= 1

"""Consultations in a real Chromium on a 390-px phone: a representative asks in the staff
area, a methodist answers and publishes in the admin, a visitor finds the answer with a typo;
every page fits the phone and runs under the strict CSP without a violation."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from consultations.models import Consultation
from moc_portal.core import outbox
from moc_portal.models import OutgoingMail
from moc_portal.roles import METHODISTS, REPRESENTATIVES
from tests.factories import make_organization

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("migrated_rows")]

PHONE = {"width": 390, "height": 844}
QUESTION = "Как включить программу по робототехнике в реестр сертифицированных программ ПФДО?"
PUBLIC_QUESTION = "Как включить программу в реестр сертифицированных программ ПФДО?"
PUBLIC_ANSWER = "Подайте заявку на сертификацию программы в Навигаторе."


def overflow(page):
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


class Phone:
    """A phone-sized page that records every CSP violation reported to its console."""

    def __init__(self, browser, live_server, user=None):
        self.context = browser.new_context(locale="ru-RU", viewport=PHONE, is_mobile=True)
        self.context.set_default_timeout(15_000)
        if user is not None:
            client = Client()
            client.force_login(user)
            self.context.add_cookies(
                [
                    {
                        "name": "sessionid",
                        "value": client.cookies["sessionid"].value,
                        "url": live_server.url,
                    }
                ]
            )
        self.page = self.context.new_page()
        self.violations = []
        self.page.on(
            "console",
            lambda message: (
                self.violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        self.base = live_server.url

    def open(self, path):
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")
        assert overflow(self.page) <= 0, path
        return self.page


@pytest.fixture
def people(django_user_model):
    organization = make_organization(short_name="ДДТ «Радуга»")
    representative = django_user_model.objects.create_user(
        "rep", password="x", is_staff=True, email="rep@example.ru"
    )
    representative.groups.add(Group.objects.get(name=REPRESENTATIVES))
    organization.representatives.add(representative)
    methodist = django_user_model.objects.create_user("methodist", password="x", is_staff=True)
    methodist.groups.add(Group.objects.get(name=METHODISTS))
    return organization, representative, methodist


def test_ask_answer_publish_and_find_on_a_phone(browser, live_server, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    organization, representative, methodist = people
    phones = []
    try:
        # The representative asks in the staff area.
        asker = Phone(browser, live_server, representative)
        phones.append(asker)
        page = asker.open("/consultations/ask/")
        page.get_by_label("Тема").select_option(label="ПФДО и сертификаты")
        page.get_by_label("Вопрос").fill(QUESTION)
        page.get_by_role("button", name="Отправить вопрос").click()
        page.wait_for_url("**/consultations/my/*/")
        consultation = Consultation.objects.get()
        assert consultation.organization == organization
        assert consultation.status == Consultation.Status.NEW
        status = page.locator("span.badge", has_text=consultation.get_status_display())
        assert status.count() == 1
        asker.open("/consultations/my/")

        # The methodist sees it in the queue, answers and publishes it anonymised.
        answerer = Phone(browser, live_server, methodist)
        phones.append(answerer)
        page = answerer.open("/admin/")
        page.get_by_role("link", name="Консультации без ответа").click()
        page.wait_for_load_state("load")
        assert overflow(page) <= 0  # the queue
        page.get_by_role("link", name=str(consultation)).click()
        page.wait_for_load_state("load")
        assert overflow(page) <= 0  # the answer form
        page.locator("#id_answer").fill("Подайте заявку на сертификацию в Навигаторе.")
        page.locator("#id_public_question").fill(PUBLIC_QUESTION)
        page.locator("#id_public_answer").fill(PUBLIC_ANSWER)
        page.locator("#id_publish").check()
        page.locator("input[name=_save]").click()
        page.wait_for_url(re.compile(r"/admin/consultations/consultation/(\?.*)?$"))
        consultation.refresh_from_db()
        assert consultation.is_published
        assert OutgoingMail.objects.filter(kind="consultations/emails/answer").count() == 1
        assert outbox.mail_for(f"consultation-answer:{consultation.pk}").to == [
            representative.email
        ]

        # The asker sees the answer in their area.
        page = asker.open(f"/consultations/my/{consultation.pk}/")
        assert "Подайте заявку на сертификацию в Навигаторе." in page.content()

        # A visitor finds it in «Вопросы и ответы», with a typo, on a phone.
        visitor = Phone(browser, live_server)
        phones.append(visitor)
        page = visitor.open("/consultations/")
        page.get_by_label("Поиск", exact=True).fill("сертифкацию")
        page.get_by_role("button", name="Найти").click()
        page.wait_for_url("**/consultations/?q=*")
        assert overflow(page) <= 0
        entries = page.locator(".kb-entry")
        assert entries.count() == 1
        assert PUBLIC_ANSWER in entries.first.inner_text()
        assert "Радуга" not in page.content()
        for phone in phones:
            assert phone.violations == [], phone.violations
    finally:
        for phone in phones:
            phone.context.close()


def test_every_consultations_page_fits_a_phone_without_csp_violations(browser, live_server, people):
    organization, representative, methodist = people
    long_word = "Очень-длинное-слово-без-пробелов-" * 4
    consultation = Consultation.objects.create(
        organization=organization, topic="other", question=long_word, answer=long_word
    )
    consultation.status = Consultation.Status.ANSWERED
    consultation.public_question = consultation.public_answer = long_word
    from django.utils import timezone

    consultation.published_at = timezone.now()
    consultation.refresh_search_text()
    consultation.save()
    phones = [Phone(browser, live_server, representative), Phone(browser, live_server)]
    try:
        for path in (
            "/consultations/ask/",
            "/consultations/my/",
            f"/consultations/my/{consultation.pk}/",
            "/consultations/",
        ):
            phones[0].open(path)
        phones[1].open("/consultations/")
        phones[1].open("/consultations/?q=ъъъъ")
        for phone in phones:
            assert phone.violations == []
    finally:
        for phone in phones:
            phone.context.close()

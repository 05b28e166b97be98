"""The privacy policy (152-ФЗ): built from the site settings, listing every form that takes
personal data and every cookie the site really sets; a new policy version is a new consent
version, and the consents already given keep theirs."""

import datetime
import re

import pytest
from django.urls import reverse

from moc_portal.models import ConsentRecord, SiteSettings
from moc_portal.privacy import cookies
from tests.factories import make_program
from tests.quality.factories import make_campaign, survey_post

pytestmark = pytest.mark.django_db

QUESTION = {
    "name": "Мария",
    "reply_by": "email",
    "email": "maria@example.ru",
    "phone": "",
    "text": "Есть ли места в кружке робототехники?",
    "consent": "on",
    "website": "",
}


@pytest.fixture
def operator():
    site = SiteSettings.load()
    site.operator_name = "Муниципальное бюджетное учреждение дополнительного образования «ДДТ»"
    site.operator_inn = "6941001234"
    site.operator_ogrn = "1026901234567"
    site.operator_address = "171660, Тверская обл., г. Красный Холм, ул. Октябрьская, д. 1"
    site.privacy_officer = "заместитель директора Иванова А. П."
    site.email = "moc@example.ru"
    site.personal_data_retention_days = 90
    site.policy_version = "2.1"
    site.policy_date = datetime.date(2027, 2, 15)
    site.save()
    return site


def test_the_policy_has_every_section_filled_from_the_settings(client, operator):
    html = client.get(reverse("privacy")).content.decode()
    for section in [
        "Оператор",
        "Цели обработки",
        "Правовые основания",
        "Какие данные собирает каждая форма",
        "Действия с данными",
        "Сроки хранения",
        "Файлы cookie",
        "Ваши права",
        "Трансграничная передача",
    ]:
        assert re.search(rf"<h2[^>]*>\d+\. {section}", html), section
    for value in [
        operator.operator_name.replace("«", "&laquo;").replace("»", "&raquo;"),
        "ИНН 6941001234",
        "ОГРН 1026901234567",
        "ул. Октябрьская, д. 1",
        "Иванова А. П.",
        "moc@example.ru",
        "90 дней",
        "Редакция 2.1, действует с 15 февраля 2027 г.",
        "статьи 6",
        "Задать вопрос",
        "Предложить практику",
    ]:
        assert value in html or value.replace("&laquo;", "«").replace("&raquo;", "»") in html, value
    for action in ["Сбор", "запись", "систематизация", "хранение", "уточнение", "удаление"]:
        assert action in html
    assert "не осуществляется" in html  # no cross-border transfer


def test_the_default_policy_is_complete_without_any_setting(client):
    html = client.get(reverse("privacy")).content.decode()
    assert "Редакция 1.0, действует с 1 декабря 2026 г." in html
    assert "Оператор персональных данных — " in html
    assert "Дополнительные положения" not in html


def test_a_methodists_own_provisions_follow_the_policy(client, operator):
    operator.privacy_policy = "Мы храним только то, что вы сами написали."
    operator.save()
    html = client.get(reverse("privacy")).content.decode()
    assert "Дополнительные положения" in html
    assert "Мы храним только то, что вы сами написали." in html


def test_a_new_policy_version_is_a_new_consent_version(client, operator):
    client.post("/contacts/", QUESTION)
    first = ConsentRecord.objects.get()
    assert first.text_version.startswith("2.1-")

    operator.policy_version = "2.2"
    operator.save()
    client.post("/contacts/", {**QUESTION, "text": "А в шахматы?"})

    latest = ConsentRecord.objects.order_by("-id").first()
    assert latest.text_version.startswith("2.2-")
    assert latest.text_version != first.text_version
    first.refresh_from_db()
    assert first.text_version.startswith("2.1-")  # what was agreed to stays as it was


def visit_the_public_pages_and_forms(client):
    """Every response a visitor and a staff member meet on the way: pages, forms, the survey."""
    campaign = make_campaign(published=True)
    organization = campaign.organizations.get()
    survey = reverse("quality:survey", kwargs={"slug": campaign.slug})
    yield from (client.get(path) for path in ["/", "/programs/", "/about/", "/privacy/"])
    yield client.get(reverse("contacts"))
    yield client.post("/contacts/", QUESTION)
    yield client.get(reverse("best_practices:list"))
    yield client.get(reverse("consultations:list"))
    yield client.get(reverse("quality:index"))
    yield client.get(survey)
    yield client.post(survey, survey_post(campaign, organization))
    yield client.get(reverse("quality:thanks", kwargs={"slug": campaign.slug}))
    yield client.get(reverse("quality:results", kwargs={"slug": campaign.slug}))
    yield client.get("/accessibility/", {"scheme": "bw", "next": "/"})
    yield client.get("/accessibility/", {"off": "1", "next": "/"})
    yield client.get(reverse("admin:login"))
    yield client.post(
        reverse("admin:login"), {"username": "olga", "password": "long-pass-123", "next": "/admin/"}
    )
    yield client.get("/admin/")
    yield client.post(reverse("admin:logout"))


def test_the_policy_lists_exactly_the_cookies_the_site_sets(client, django_user_model):
    make_program(title="Робототехника")
    django_user_model.objects.create_user("olga", password="long-pass-123", is_staff=True)
    set_by_the_site = {
        name for response in visit_the_public_pages_and_forms(client) for name in response.cookies
    }
    assert any(name.startswith("moc_survey_") for name in set_by_the_site)  # the survey ran

    html = client.get(reverse("privacy")).content.decode()
    listed = set(re.findall(r'<code class="cookie-name">([^<]+)</code>', html))
    assert listed == {cookie.name for cookie in cookies()}

    # Each cookie set is described by exactly one line, and each line describes a real cookie.
    for name in set_by_the_site:
        assert [c.name for c in cookies() if c.matches(name)] != [], f"{name} is not in the policy"
        assert len([c for c in cookies() if c.matches(name)]) == 1, name
    for cookie in cookies():
        assert any(cookie.matches(name) for name in set_by_the_site), cookie.name


def test_the_policy_says_how_long_the_survey_cookie_lives(client):
    campaign = make_campaign()
    response = client.post(
        reverse("quality:survey", kwargs={"slug": campaign.slug}),
        survey_post(campaign, campaign.organizations.get()),
    )
    (name,) = response.cookies
    days = int(response.cookies[name]["max-age"]) // (24 * 60 * 60)
    (line,) = [cookie for cookie in cookies() if cookie.matches(name)]
    assert line.lifetime == f"{days} дней"
    html = client.get(reverse("privacy")).content.decode()
    assert f"{days} дней" in html and "опрос" in html


def test_the_policy_says_how_long_sent_mail_is_kept(client, settings):
    settings.OUTBOX_KEEP_DAYS = 45
    html = client.get(reverse("privacy")).content.decode()
    assert re.search(r"Письма, отправленные сайтом[^<]*хранятся 45 дней после отправки", html)

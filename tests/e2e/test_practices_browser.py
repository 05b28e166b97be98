"""The bank of best practices in Chromium: a phone-width visit and a submission."""

import pytest

from best_practices.models import Practice, Status
from tests.best_practices.factories import make_practice

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("migrated_rows")]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def overflow(page):
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_every_page_of_the_bank_fits_a_phone(live_server, phone):
    practice = make_practice(
        Status.PUBLISHED,
        title="Очень-очень-длинное-название-практики-без-пробелов-которое-не-помещается",
    )
    for path in ("/practices/", practice.get_absolute_url(), "/practices/submit/"):
        phone.goto(live_server.url + path)
        assert overflow(phone) <= 0, path


def test_an_author_submits_a_practice_from_a_phone(live_server, phone, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    phone.goto(live_server.url + "/practices/submit/")
    phone.locator("#id_title").fill("Шахматы в сельской школе")
    phone.get_by_label("Направленность").select_option(label="Физкультурно-спортивная")
    phone.get_by_label("Категория").select_option(label="Модель для сельской местности")
    phone.locator("#id_year").fill("2026")
    phone.get_by_label("Аннотация").fill("Шахматный кружок силами учителей.")
    phone.get_by_label("Какую проблему решает").fill("Нет тренера.")
    phone.locator("#id_description").fill("Занятия дважды в неделю.")
    phone.get_by_label("Измеримые результаты").fill("30 детей, 2 призёра.")
    phone.get_by_label("Авторы").fill("Соколов И. И., учитель")
    phone.get_by_label("Или название организации").fill("МБОУ Лихачёвская СОШ")
    phone.get_by_label("Фамилия, имя, отчество").fill("Соколов Иван Ильич")
    phone.locator("#id_contact_position").fill("учитель")
    phone.locator("#id_contact_email").fill("sokolov@example.ru")
    phone.locator("#id_contact_phone").fill("+7 900 000-00-01")
    phone.get_by_label("Я даю согласие").check()
    phone.get_by_role("button", name="Отправить практику").click()
    phone.wait_for_url("**/practices/submit/done/")
    practice = Practice.objects.get()
    assert practice.reference in phone.content()
    assert practice.consent is not None

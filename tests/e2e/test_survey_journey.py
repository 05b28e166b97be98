"""A parent's survey journey in Chromium on a phone (390 px): choose the organization and
the program, answer every question, send; a second answer about the same organization from
the same browser is refused politely; the published results fit the phone too."""

import pytest

from quality.models import Response
from tests.factories import make_organization, make_program
from tests.quality.factories import generate_answers, make_campaign

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("migrated_rows")]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="ru-RU", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def overflow(page):
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def answer_everything(phone, campaign, organization, program=None):
    phone.get_by_label("Организация").select_option(label=organization.short_name)
    if program is not None:
        phone.get_by_label("Программа (необязательно)").select_option(label=program.title)
    for question in campaign.questions.prefetch_related("options"):
        first = question.options.all()[0]
        phone.locator(f"input[name='q{question.pk}'][value='{first.pk}']").check()
    phone.get_by_label("Что можно улучшить? (необязательно)").fill("Больше занятий по субботам")
    phone.get_by_role("button", name="Отправить ответы").click()


def test_a_parent_answers_on_a_phone_and_a_second_answer_is_refused(live_server, phone):
    organization = make_organization(short_name="Дом детского творчества «Радуга»")
    other = make_organization(short_name="Станция юных техников")
    program = make_program(organization=organization, title="Робототехника для начинающих")
    campaign = make_campaign([organization, other])
    survey = live_server.url + campaign.get_absolute_url()

    phone.goto(survey)
    assert overflow(phone) <= 0
    # Short enough for two minutes: ten yes/no questions on one page.
    assert phone.locator("input[type=radio]").count() <= 40
    answer_everything(phone, campaign, organization, program)
    phone.wait_for_url("**/thanks/")
    assert overflow(phone) <= 0
    stored = Response.objects.get()
    assert (stored.organization, stored.program) == (organization, program)

    phone.goto(survey)
    answer_everything(phone, campaign, organization)
    phone.locator("#already-answered").wait_for()
    assert "Радуга" in phone.locator("#already-answered").inner_text()
    assert overflow(phone) <= 0
    assert Response.objects.count() == 1

    # The same browser may still tell about another organization.
    answer_everything(phone, campaign, other)
    phone.wait_for_url("**/thanks/")
    assert Response.objects.count() == 2


def test_the_published_results_fit_a_phone(live_server, phone):
    organizations = [
        make_organization(short_name=f"Муниципальное учреждение дополнительного образования № {n}")
        for n in range(3)
    ]
    campaign = make_campaign(organizations, published=True, minimum_sample=5)
    for number, organization in enumerate(organizations):
        generate_answers(campaign, organization, 4 + number * 3, seed=number)
    phone.goto(live_server.url + f"/survey/{campaign.slug}/results/")
    assert phone.locator("tr.below-sample").count() == 1
    assert overflow(phone) <= 0


def test_the_program_list_narrows_to_the_chosen_organization(live_server, phone):
    first, second = make_organization(short_name="Первая"), make_organization(short_name="Вторая")
    make_program(organization=first, title="Шахматы")
    make_program(organization=second, title="Хореография")
    campaign = make_campaign([first, second])
    phone.goto(live_server.url + campaign.get_absolute_url())
    phone.get_by_label("Организация").select_option(label="Вторая")
    offered = phone.eval_on_selector_all(
        "select[name=program] option:not([hidden])", "options => options.map(o => o.text)"
    )
    assert "Хореография" in offered and "Шахматы" not in offered

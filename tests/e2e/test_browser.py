import re

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from moc_portal.models import SiteSettings
from monitoring.models import MonthlyReport
from monitoring.services.reports import store_report
from tests.factories import make_organization, make_period, make_program, make_submission

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("migrated_rows")]


@pytest.fixture
def catalogue():
    site = SiteSettings.load()
    site.navigator_base_url = "https://р69.навигатор.дети"
    site.save()
    village = make_organization(short_name="Лихачёвская школа", locality="rural")
    make_program(
        title="Робототехника",
        direction="tech",
        organization=village,
        navigator_id="777",
        age_min=8,
        age_max=12,
    )
    make_program(title="Хор «Звёздочки»", direction="art", age_min=6, age_max=10)
    make_program(title="Шахматы", direction="sport", age_min=7, age_max=14)


def result_titles(page):
    """The titles of the programs the catalogue page lists."""
    return page.locator(".program-card h3").all_inner_texts()


def test_a_parent_searches_filters_and_goes_on_to_the_navigator(live_server, page, catalogue):
    page.goto(live_server.url + "/")
    page.get_by_label("Что ищете").fill("РОБОТ")
    page.get_by_role("button", name="Найти").click()
    page.wait_for_url(re.compile(r"/programs/\?q="))
    assert result_titles(page) == ["Робототехника"]

    page.goto(live_server.url + "/programs/")
    assert len(result_titles(page)) == 3
    # Ticking a checkbox applies the filter at once (catalogue.js submits the form).
    page.get_by_label(re.compile("^Художественная")).check()
    page.wait_for_url(re.compile(r"direction=art"))
    assert result_titles(page) == ["Хор «Звёздочки»"]
    page.get_by_role("link", name="Сбросить фильтры").first.click()
    page.get_by_role("link", name="Робототехника").click()
    enrol = page.get_by_role("link", name="Записаться в Навигаторе")
    assert enrol.get_attribute("href") == "https://р69.навигатор.дети/program/777"


def test_the_catalogue_fits_a_phone_screen(live_server, browser, catalogue):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="ru-RU")
    page = context.new_page()
    page.goto(live_server.url + "/programs/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert overflow <= 0


def test_a_coordinator_watches_the_report_being_built_and_downloads_it(
    live_server, page, django_user_model
):
    coordinator = django_user_model.objects.create_user(
        "coordinator", password="pw-12345-x", is_staff=True
    )
    coordinator.user_permissions.add(Permission.objects.get(codename="view_dashboard"))
    period = make_period(2026, 10)
    make_submission(period=period, values={"children_total": 42})
    # Already handed to the workers (a report not yet queued would be queued by its page).
    report = MonthlyReport.objects.create(
        period=period, requested_by=coordinator, queued_at=timezone.now()
    )

    page.goto(live_server.url + "/admin/login/?next=" + report.get_absolute_url())
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "pw-12345-x")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(report.get_absolute_url()))
    assert page.get_by_role("link", name="Скачать отчёт (XLSX)").count() == 0

    store_report(report.pk)  # what the worker does; the page polls and then offers the file
    link = page.get_by_role("link", name="Скачать отчёт (XLSX)")
    link.wait_for()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".xlsx")

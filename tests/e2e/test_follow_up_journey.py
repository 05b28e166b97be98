"""A coordinator's journey in Chromium: finds a late organization in the timeliness grid,
opens its report, marks a value «на контроль», then closes the mark from the follow-up list."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from monitoring.models import FollowUp, MonitoringSettings
from tests.factories import make_organization, make_period, make_submission
from tests.monitoring.complete_figures import COMPLETE

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("migrated_rows")]


def sent_on(submission, day):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    submission.first_submitted_at = submission.submitted_at = moment
    submission.save(update_fields=["first_submitted_at", "submitted_at"])


@pytest.fixture
def coordinator(django_user_model):
    user = django_user_model.objects.create_user(
        "coordinator", first_name="Ольга", last_name="Иванова", is_staff=True
    )
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_dashboard", "review_submission"])
    )
    return user


@pytest.fixture
def october():
    """October 2026 is due on 5 November, + 3 grace days: one report on time, one late."""
    MonitoringSettings.objects.update_or_create(pk=1, defaults={"grace_days": 3})
    period = make_period(2026, 10)
    on_time = make_submission(make_organization(short_name="Школа № 1"), period, values=COMPLETE)
    sent_on(on_time, datetime.date(2026, 11, 3))
    late = make_submission(
        make_organization(short_name="ДДТ «Радуга»", slug="raduga"), period, values=COMPLETE
    )
    sent_on(late, datetime.date(2026, 11, 20))
    return late


def test_a_coordinator_finds_a_late_report_marks_a_value_and_closes_it(
    live_server, open_context, coordinator, october
):
    client = Client()
    client.force_login(coordinator)
    context = open_context()
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()

    page.goto(live_server.url + "/monitoring/timeliness/?year=2026")
    late_cell = page.locator('#timeliness-grid td[data-state="late"]')
    assert late_cell.count() == 1
    row = page.locator("#timeliness-grid tbody tr", has=page.locator('td[data-state="late"]'))
    assert "ДДТ «Радуга»" in row.inner_text()
    late_cell.get_by_role("link").click()

    page.wait_for_url("**/monitoring/2026-10/raduga/")
    page.get_by_label("Значение").select_option(label="Из них дети с ОВЗ: 5")
    page.get_by_label("Что проверить").fill("Сверить со списком детей с ОВЗ")
    page.get_by_role("button", name="Поставить на контроль").click()
    page.wait_for_selector("text=Значение поставлено на контроль.")

    page.goto(live_server.url + "/monitoring/?period=2026-10")
    link = page.locator("#follow-up-link")
    assert link.inner_text() == "На контроле: 1"
    link.click()
    listed = page.locator("#follow-up-list tbody tr")
    assert listed.count() == 1
    assert "ДДТ «Радуга»" in listed.inner_text()
    assert "Сверить со списком детей с ОВЗ" in listed.inner_text()
    listed.get_by_label("Решение").fill("Организация прислала список: 5 детей, верно")
    listed.get_by_role("button", name="Снять").click()
    page.wait_for_selector("text=Открытых отметок нет.")

    mark = FollowUp.objects.get()
    assert mark.closed_by == coordinator
    assert mark.resolution == "Организация прислала список: 5 детей, верно"

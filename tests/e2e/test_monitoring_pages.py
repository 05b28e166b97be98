"""Monitoring pages in a real Chromium: the trend chart's bars in proportion to their values,
the dashboard and the entry form at 390 px, and a failed upload's errors brought into view."""

from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from openpyxl import load_workbook
from playwright.sync_api import expect

from monitoring.services.workbook import build_template
from monitoring.services.workbook.layout import FIRST_ROW, SHEET_TITLE
from tests.factories import make_organization, make_period, make_submission

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("migrated_rows")]

PHONE = {"width": 390, "height": 844}
# Children in each month January–August: the bars must be drawn in this proportion.
MONTHLY = [120, 480, 300, 60, 540, 420, 240, 600]


def logged_in_context(browser, live_server, user, viewport):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="ru-RU", viewport=viewport)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


@pytest.fixture
def coordinator(django_user_model):
    user = django_user_model.objects.create_user("coordinator", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_dashboard", "submit_for_any_organization"])
    )
    return user


@pytest.fixture
def year_of_reports():
    organizations = [
        make_organization(short_name=f"Муниципальное бюджетное учреждение № {n}") for n in range(3)
    ]
    for month, children in enumerate(MONTHLY, start=1):
        period = make_period(2026, month)
        senders = organizations if month != 6 else organizations[:2]  # June is partial
        for organization in senders:
            make_submission(organization, period, "accepted", {"children_total": children // 3})
    return organizations


# Words of the given elements that the layout cut across two lines (a hyphen is a fair break).
BROKEN_WORDS = """elements => {
  const broken = [];
  for (const element of elements) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      for (const match of node.data.matchAll(/[^\\s\\-–—]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0)
          .map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


def overflow(page):
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_the_trend_bars_are_drawn_in_proportion_to_their_values(
    live_server, browser, coordinator, year_of_reports
):
    context = logged_in_context(browser, live_server, coordinator, {"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/monitoring/?period=2026-08")
    heights = page.eval_on_selector_all(
        "rect.trend-bar", "bars => bars.map(bar => bar.getBoundingClientRect().height)"
    )
    partial = page.eval_on_selector_all(
        "rect.trend-bar", "bars => bars.map(bar => bar.classList.contains('trend-bar-partial'))"
    )
    context.close()
    drawn = [value // 3 * (3 if month != 6 else 2) for month, value in enumerate(MONTHLY, 1)]
    assert len(heights) == len(drawn)
    assert sorted(range(8), key=heights.__getitem__) == sorted(range(8), key=drawn.__getitem__)
    tallest = max(heights)
    assert tallest > 100  # px: a real chart, not a row of stubs
    for height, value in zip(heights, drawn, strict=True):
        assert height / tallest == pytest.approx(value / max(drawn), abs=0.02)
    assert partial == [month == 6 for month in range(1, 9)]


def test_the_dashboard_fits_a_phone_screen(live_server, browser, coordinator, year_of_reports):
    context = logged_in_context(browser, live_server, coordinator, PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/monitoring/?period=2026-08")
    assert page.locator("h1").inner_text().startswith("Мониторинг")
    result = overflow(page)
    cards = page.eval_on_selector_all(
        ".table-cards tbody tr",
        "rows => rows.map(r => [getComputedStyle(r).display, r.getBoundingClientRect().right,"
        " r.querySelectorAll('td[data-label]').length])",
    )
    context.close()
    assert result <= 0
    assert len(cards) == 3  # the organizations' table is a card per organization
    for display, right, labelled_values in cards:
        assert display == "block" and right <= PHONE["width"] and labelled_values >= 2


def test_the_entry_form_fits_a_phone_and_keeps_the_value_column_in_view(
    live_server, browser, coordinator, year_of_reports
):
    organization = year_of_reports[0]
    make_period(2026, 9)  # a month not yet reported: the form is open
    context = logged_in_context(browser, live_server, coordinator, PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/monitoring/2026-09/{organization.slug}/")
    inputs = page.locator("input[name=children_total]")
    inputs.wait_for()
    result = overflow(page)
    broken = page.eval_on_selector_all(".figures-table th[scope=row]", BROKEN_WORDS)
    labels = page.locator(".figures-table th[scope=row]").all_inner_texts()
    edges = page.eval_on_selector_all(
        "input.text-end",
        "fields => fields.map(f => { const r = f.getBoundingClientRect();"
        " return [r.left, r.right, r.width]; })",
    )
    context.close()
    assert result <= 0
    assert any("Естественнонаучная" in label for label in labels)
    assert broken == []  # no word cut in the middle («Естественнона|учная»)
    assert len(edges) > 10
    for left, right, width in edges:
        assert left >= 0 and right <= PHONE["width"] and width >= 60


def test_a_failed_upload_shows_its_errors_at_the_top_with_the_focus_there(
    live_server, browser, coordinator, year_of_reports, tmp_path
):
    organization = year_of_reports[0]
    period = make_period(2026, 9)
    workbook = load_workbook(BytesIO(build_template(organization, period)))
    workbook[SHEET_TITLE].cell(FIRST_ROW, 7).value = "сто двадцать"
    filled = tmp_path / "report.xlsx"
    workbook.save(filled)
    context = logged_in_context(browser, live_server, coordinator, {"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/monitoring/2026-09/{organization.slug}/")
    page.set_input_files("input[type=file]", str(filled))
    page.get_by_role("button", name="Загрузить").click()
    errors = page.locator("#upload-errors")
    errors.wait_for()
    assert "„сто двадцать“ — не число" in errors.inner_text()
    # Not wait_for_function: its polled predicate is eval'd in the page, which our CSP refuses.
    expect(errors).to_be_focused()
    focused = page.evaluate("document.activeElement.id")
    top = errors.evaluate("e => e.getBoundingClientRect().top")
    landed_on = page.url
    context.close()
    assert landed_on == f"{live_server.url}/monitoring/2026-09/{organization.slug}/"
    assert focused == "upload-errors"
    assert 0 <= top < 800

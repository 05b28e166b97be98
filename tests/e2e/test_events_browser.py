"""The events app's public pages in a real Chromium at a phone's width (390 px)."""

import datetime

import pytest
from django.utils import timezone

from events.models import Document, Event, NewsItem
from tests.events.conftest import make_document, make_event, make_news

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("migrated_rows")]

LONG = (
    "Муниципальный фестиваль детского технического творчества и робототехники "
    "«Инженерные кадры будущего»"
)


@pytest.fixture
def section_pages(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    event = make_event(
        title=LONG,
        summary="Очень-очень-длинноеслово" * 3,
        venue="Районный дом культуры, ул. Октябрьская, д. 20, большой зал",
        description="<p>"
        + "описание " * 80
        + "</p><table><tr>"
        + "<td>ячейка</td>" * 12
        + "</tr></table>",
        starts_time=datetime.time(10),
        ends_time=datetime.time(12),
        registration_url="https://forms.example.ru/" + "x" * 80,
        online_url="https://vk.com/" + "y" * 90,
    )
    make_event(
        title="Прошло",
        starts_on=today - datetime.timedelta(days=5),
        ends_on=today - datetime.timedelta(days=5),
        results="<p>Итоги</p>",
    )
    news = make_news(title=LONG, body="<p>" + "текст " * 200 + "</p>")
    make_document(title=LONG, category=Document.Category.REPORTS, number="123-од")
    assert Event.objects.count() == 2 and NewsItem.objects.count() == 1
    return [
        "/",
        "/events/",
        "/events/past/",
        event.get_absolute_url(),
        "/news/",
        news.get_absolute_url(),
        "/documents/",
    ]


def test_section_pages_fit_a_phone_and_the_menu_has_side_padding(
    live_server, browser, section_pages
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ru-RU")
    page = context.new_page()
    try:
        for path in section_pages:
            page.goto(live_server.url + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, path
        page.goto(live_server.url + "/events/")
        page.get_by_role("button", name="Открыть меню").click()
        link = page.locator("#main-nav").get_by_role("link", name="Мероприятия")
        link.wait_for(state="visible")
        box = link.bounding_box()
        assert box["x"] >= 12
        assert box["x"] + box["width"] <= 390 - 12
        assert link.get_attribute("aria-current") == "page"
    finally:
        context.close()

"""Screenshots of the staff side for the README: each role's home page after login and the news
editor, desktop (1280) and phone (390), from the demo accounts.

`make screenshots` writes them to docs/screenshots/ (SCREENSHOTS_DIR); without it they go to a
temporary folder and only the checks run. What a screenshot shows is checked as it is taken:
the page answered 200, nothing is wider than the viewport, the role's heading (or the editor)
is there, and the CSP reported nothing.
"""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from events.models import NewsItem
from moc_portal.demo import REPRESENTATIVE_LOGIN

from .conftest import VIEWPORTS

pytestmark = [pytest.mark.e2e]

PASSWORD = "demo-pass-123"  # the demo_site fixture's
SCREENS = 2
ROLES = {
    "representative": (REPRESENTATIVE_LOGIN, "Рабочее место представителя организации"),
    "coordinator": ("coordinator", "Рабочее место координатора"),
    "methodist": ("methodist", "Рабочее место методиста"),
    "expert": ("expert1", "Рабочее место эксперта"),
}


def log_in(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


def shoot(page, viewport, path):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"{path.name}: {width} px wide"
    height = min(page.evaluate("document.body.scrollHeight"), viewport["height"] * SCREENS)
    page.screenshot(
        path=str(path),
        full_page=True,
        clip={"x": 0, "y": 0, "width": viewport["width"], "height": height},
    )


def test_screenshots_of_each_roles_home_and_the_news_editor(
    live_server, open_context, demo_site, tmp_path
):
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    news = NewsItem.objects.order_by("-published_at", "-pk").first()
    news.body = (  # what the editor is for: a heading, bold, a list, a link
        "<p>Мастер-класс для ребят 8–12 лет, <b>оборудование предоставим</b>.</p>"
        "<h2>Что будет</h2><ul><li>сборка робота</li><li>программирование</li>"
        "<li>соревнование команд</li></ul>"
        '<p>Запись — <a href="https://moc.example.org/zapis">на странице мероприятия</a>.</p>'
    )
    news.save(update_fields=["body"])
    editor = reverse("admin:events_newsitem_change", args=[news.pk])
    for viewport_name, viewport in VIEWPORTS.items():
        for role, (username, heading) in ROLES.items():
            context = open_context(viewport=viewport, is_mobile=viewport_name == "phone")
            page = context.new_page()
            violations = []
            page.on(
                "console",
                lambda message, found=violations: (
                    found.append(message.text)
                    if "Content Security Policy" in message.text
                    else None
                ),
            )
            log_in(page, live_server.url, username)
            response = page.goto(live_server.url + "/admin/")
            where = f"{role} ({viewport_name})"
            assert response.status == 200, where
            assert page.locator("#content h1").inner_text() == heading, where
            assert page.locator("#staff-home .staff-home-section").count() >= 1, where
            shoot(page, viewport, folder / f"staff-home-{role}-{viewport_name}.png")

            if role == "methodist":
                response = page.goto(live_server.url + editor)
                assert response.status == 200, f"editor ({viewport_name})"
                page.locator(".richtext-area").wait_for()
                assert page.locator(".richtext-toolbar button").count() >= 8
                assert page.locator(".richtext-area li").count() == 3
                shoot(page, viewport, folder / f"news-editor-{viewport_name}.png")
            assert violations == [], where
            context.close()

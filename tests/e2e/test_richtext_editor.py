"""The staff's rich-text editor in a real Chromium: a methodist writes a news item with a
heading, a list, bold and a link in the admin, saves it, and the public page shows them; the
strict CSP reports nothing on the way (no inline script or style anywhere)."""

import pytest

from events.models import NewsItem

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("migrated_rows")]

PASSWORD = "Root-pass-2026"


def csp_violations(page):
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def log_in(page, base_url, next_path):
    page.goto(f"{base_url}/admin/login/?next={next_path}")
    page.fill("#id_username", "root")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"**{next_path}")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_methodist_formats_a_news_item_and_the_public_page_shows_it(
    live_server, open_context, django_user_model, viewport
):
    from .conftest import VIEWPORTS

    django_user_model.objects.create_superuser("root", password=PASSWORD)
    size = VIEWPORTS[viewport]
    page = open_context(viewport=size, is_mobile=viewport == "phone").new_page()
    violations = csp_violations(page)
    log_in(page, live_server.url, "/admin/events/newsitem/add/")

    area = page.locator(".richtext-area")
    area.wait_for()
    assert page.locator("#id_body").is_hidden()  # the editor stands in for the textarea
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]

    page.fill("#id_title", "Итоги слёта")
    page.fill("#id_lead", "Коротко об итогах.")
    page.select_option("#id_status", "published")

    area.click()
    page.keyboard.type("Итоги")
    page.get_by_role("button", name="Заголовок", exact=True).click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Абзац", exact=True).click()
    page.keyboard.type("Участвовали ")
    page.keyboard.press("Control+b")
    page.keyboard.type("120 детей")
    page.keyboard.press("Control+b")
    page.keyboard.type(".")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="• Список").click()
    page.keyboard.type("робототехника")
    page.keyboard.press("Enter")
    page.keyboard.type("шахматы")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty item ends the list
    page.keyboard.type("Положение на сайте")
    for _ in range(len("сайте")):
        page.keyboard.press("Shift+ArrowLeft")
    page.once("dialog", lambda dialog: dialog.accept("мойсайт.рф/положение"))
    page.get_by_role("button", name="Ссылка", exact=True).click()

    page.click("input[name=_save]")
    page.wait_for_url("**/admin/events/newsitem/")

    item = NewsItem.objects.get(title="Итоги слёта")
    assert item.body == (
        "<h2>Итоги</h2><p>Участвовали <b>120 детей</b>.</p>"
        "<ul><li>робототехника</li><li>шахматы</li></ul><p>Положение на "
        '<a href="https://мойсайт.рф/положение" rel="noopener noreferrer nofollow">сайте</a></p>'
    )

    page.goto(live_server.url + item.get_absolute_url())
    text = page.locator(".rich-text")
    assert text.locator("h2").inner_text() == "Итоги"
    assert text.locator("b, strong").first.inner_text() == "120 детей"
    assert text.locator("ul > li").all_inner_texts() == ["робототехника", "шахматы"]
    link = text.get_by_role("link", name="сайте")
    assert link.get_attribute("href") == "https://мойсайт.рф/положение"
    assert "nofollow" in link.get_attribute("rel")
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    assert violations == []


def test_pasted_html_enters_the_editor_without_styles_or_handlers(
    live_server, open_context, django_user_model
):
    django_user_model.objects.create_superuser("root", password=PASSWORD)
    page = open_context().new_page()
    violations = csp_violations(page)
    log_in(page, live_server.url, "/admin/events/newsitem/add/")
    area = page.locator(".richtext-area")
    area.click()
    page.evaluate(
        """() => {
          const data = new DataTransfer();
          data.setData("text/html", '<p style="color:red" onclick="alert(1)">Из <span '
            + 'style="font-weight:bold">Word</span></p><script>alert(2)</script>'
            + '<a href="javascript:alert(3)">x</a>');
          document.querySelector(".richtext-area").dispatchEvent(
            new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }"""
    )
    html = page.locator("#id_body").input_value()
    assert "Из Word" in area.inner_text()
    assert "style" not in html and "onclick" not in html and "script" not in html
    assert "javascript" not in html
    assert violations == []

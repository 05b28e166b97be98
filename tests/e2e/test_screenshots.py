"""Screenshots for the README: `make screenshots` writes them to docs/screenshots/.

Skipped unless SCREENSHOTS_DIR is set. What a screenshot shows is checked as it is taken:
the page answered 200 and nothing is wider than the viewport (no sideways scrolling).
"""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from programs.models import Program

from .conftest import VIEWPORTS

pytestmark = [pytest.mark.e2e]

MODES = {"normal": None, "vi": "font:2|scheme:bw|images:on|spacing:normal"}
SCREENS = 2


@pytest.mark.skipif(not os.environ.get("SCREENSHOTS_DIR"), reason="SCREENSHOTS_DIR is not set")
def test_screenshots_of_the_main_pages(live_server, open_context, demo_site):
    folder = Path(os.environ["SCREENSHOTS_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    program = Program.objects.public().order_by("pk").first()
    pages = {
        "home": reverse("home"),
        "catalogue": reverse("programs:list") + "?direction=tech&age=9",
        "program": program.get_absolute_url(),
    }
    for viewport_name, viewport in VIEWPORTS.items():
        for mode, cookie in MODES.items():
            context = open_context(viewport=viewport, vision=cookie, base_url=live_server.url)
            page = context.new_page()
            for name, path in pages.items():
                response = page.goto(live_server.url + path)
                where = f"{name} ({mode}, {viewport_name})"
                assert response.status == 200, where
                scroll_width = page.evaluate("document.documentElement.scrollWidth")
                assert scroll_width <= viewport["width"], f"{where}: {scroll_width} px wide"
                # SCREENS screens high: the header and the start of the page itself.
                height = min(
                    page.evaluate("document.body.scrollHeight"), viewport["height"] * SCREENS
                )
                page.screenshot(
                    path=str(folder / f"{name}-{mode}-{viewport_name}.png"),
                    full_page=True,
                    clip={"x": 0, "y": 0, "width": viewport["width"], "height": height},
                )
            context.close()

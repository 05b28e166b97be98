"""In a real Chromium, the Content-Security-Policy blocks nothing the portal itself needs:
no page of the site or of the admin triggers a CSP violation."""

import pytest

from tests.factories import make_program

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("migrated_rows")]


def violations_on(page, url):
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(url)
    page.wait_for_load_state("load")
    return found


@pytest.fixture
def logged_in_admin(page, live_server, django_user_model):
    django_user_model.objects.create_superuser("root", password="Root-pass-2026")
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "Root-pass-2026")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    return page


def test_public_pages_run_under_the_policy_without_violations(live_server, page):
    program = make_program(title="Робототехника")
    for path in ["/", "/programs/?sort=title", program.get_absolute_url(), "/about/", "/opendata/"]:
        assert violations_on(page, live_server.url + path) == [], path


def test_the_sort_select_still_submits_without_inline_script(live_server, page):
    make_program(title="Шахматы")
    make_program(title="Астрономия")
    page.goto(live_server.url + "/programs/")
    page.select_option("#sort", "title")
    page.wait_for_url("**sort=title**")


def test_admin_pages_run_under_the_policy_without_violations(live_server, logged_in_admin):
    program = make_program(title="Робототехника")
    page = logged_in_admin
    for path in [
        "/admin/",
        "/admin/programs/program/",
        f"/admin/programs/program/{program.pk}/change/",
        "/admin/programs/program/add/",
        "/monitoring/",
        "/monitoring/my/",
    ]:
        assert violations_on(page, live_server.url + path) == [], path

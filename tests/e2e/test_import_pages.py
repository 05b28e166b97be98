"""The import's pages in a real Chromium on a 390 px phone: upload a file, read the preview
without the page scrolling sideways, confirm, see it done."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from openpyxl import Workbook

from moc_portal.roles import METHODISTS
from programs.models import ImportBatch, Program
from tests.factories import make_organization

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("migrated_rows")]

PHONE = {"width": 390, "height": 844}
LONG = "Муниципальное бюджетное учреждение дополнительного образования Дом детского творчества"


def overflow(page):
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_a_methodist_imports_a_file_on_a_phone(
    live_server, open_context, django_user_model, tmp_path, settings
):
    settings.IMPORT_TEMP_DIR = str(tmp_path)
    make_organization(short_name=LONG)
    user = django_user_model.objects.create_user("methodist", is_staff=True)
    user.groups.add(Group.objects.get(name=METHODISTS))
    client = Client()
    client.force_login(user)
    context = open_context(viewport=PHONE, is_mobile=True)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    workbook = Workbook()
    header = ["Название", "Организация", "Направленность", "Уровень", "Возраст от", "Возраст до"]
    workbook.active.append(header)
    workbook.active.append([f"Робототехника для начинающих {LONG}", LONG, "tech", "start", 7, 12])
    file = tmp_path / "programs.xlsx"
    workbook.save(file)
    page = context.new_page()

    page.goto(live_server.url + "/imports/programs/")
    assert overflow(page) <= 0
    page.set_input_files("input[type=file]", str(file))
    page.click("text=Проверить файл")
    page.wait_for_selector("#import-preview")
    assert overflow(page) <= 0
    assert page.inner_text("#import-status") == "Ждёт подтверждения"
    page.click("text=Подтвердить загрузку")
    page.wait_for_selector("#import-summary")

    assert page.inner_text("#import-status") == "Загружено"
    assert overflow(page) <= 0
    assert Program.objects.get().organization.short_name == LONG
    assert ImportBatch.objects.get().status == ImportBatch.Status.DONE
    assert list(tmp_path.glob("import-*")) == []

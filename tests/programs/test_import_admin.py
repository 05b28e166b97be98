"""The admin's import (upload, preview, confirm) and export, on top of the import service."""

import io
import re

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from moc_portal import roles
from programs.models import ImportHeaderAlias, Organization, Program
from tests.factories import make_organization, make_program

pytestmark = pytest.mark.django_db

PROGRAM_IMPORT = reverse("admin:programs_program_import")
PROGRAM_PROCESS_IMPORT = reverse("admin:programs_program_process_import")
PROGRAM_EXPORT = reverse("admin:programs_program_export")
ORGANIZATION_IMPORT = reverse("admin:programs_organization_import")
HEADER = ["Название", "Организация", "Направленность", "Уровень", "Возраст от", "Возраст до"]


def xlsx_upload(rows, name="programs.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, url, file):
    return client.post(url, {"resource": "0", "format": "0", "import_file": file})


def confirm(client, preview):
    form = preview.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(PROGRAM_PROCESS_IMPORT, data, follow=True)


@pytest.fixture
def methodist_client(client, django_user_model):
    user = django_user_model.objects.create_user("methodist", password="x", is_staff=True)
    user.groups.add(roles.ensure_staff_groups()[roles.METHODISTS])
    client.force_login(user)
    return client


def test_changelists_offer_import_and_export_to_methodists(methodist_client):
    for model in ("program", "organization"):
        page = methodist_client.get(reverse(f"admin:programs_{model}_changelist")).content.decode()
        assert reverse(f"admin:programs_{model}_import") in page
        assert reverse(f"admin:programs_{model}_export") in page


def test_preview_shows_what_will_change_and_saves_nothing_until_confirmed(
    methodist_client, organization
):
    make_program(organization=organization, title="Шахматы", age_min=7, age_max=10)
    file = xlsx_upload(
        [
            HEADER + ["Примечание"],
            ["Шахматы", "ДДТ Красный Холм", "sport", "start", 7, 11, ""],
            ["Вокал", "ДДТ Красный Холм", "art", "base", 8, 14, ""],
        ]
    )

    preview = upload(methodist_client, PROGRAM_IMPORT, file)

    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Новых: 1, изменится: 1, без изменений: 0." in page
    assert "Возраст до" in page  # the column that changes
    assert "Примечание" in page  # an unknown column is named, not fatal
    assert "confirm_form" in preview.context
    assert Program.objects.count() == 1

    done = confirm(methodist_client, preview)

    summary = "Импорт завершён. Строк: 2. Добавлено: 1, изменено: 1, без изменений: 0."
    assert summary in done.content.decode()
    assert Program.objects.count() == 2
    assert Program.objects.get(title="Шахматы").age_max == 11
    added = LogEntry.objects.get(action_flag=ADDITION)
    assert (added.object_repr, added.change_message) == ("Вокал", "Добавлено загрузкой из файла.")
    assert LogEntry.objects.get(action_flag=CHANGE).object_repr == "Шахматы"


def test_errors_are_listed_by_row_and_column_and_nothing_can_be_confirmed(
    methodist_client, organization
):
    file = xlsx_upload(
        [
            HEADER,
            ["Хорошая", "ДДТ Красный Холм", "tech", "start", 7, 12],
            ["Плохая", "ДДТ Красный Холм", "кулинарная", "start", 12, 7],
        ]
    )

    response = upload(methodist_client, PROGRAM_IMPORT, file)

    page = response.content.decode()
    assert "В файле есть ошибки — ничего не сохранено" in page
    errors = re.findall(r"<tr>\s*<td>(\d+)</td>\s*<td>([^<]+)</td>", page)
    assert errors == [("3", "Направленность"), ("3", "Возраст от")]
    assert response.context.get("confirm_form") is None
    assert not Program.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4\x00 not a table", "Это не таблица"),
        ("Название;Организация\n".encode(), "строк с данными нет"),
    ],
)
def test_a_file_that_is_not_a_table_is_refused_on_the_form(methodist_client, content, message):
    response = upload(methodist_client, PROGRAM_IMPORT, SimpleUploadedFile("x.csv", content))

    assert response.status_code == 200
    assert message in str(response.context["form"].errors["import_file"])


def test_a_too_big_upload_is_refused_before_it_is_read(methodist_client, monkeypatch):
    monkeypatch.setattr("programs.admin.shared.MAX_UPLOAD_BYTES", 10)

    response = upload(methodist_client, PROGRAM_IMPORT, SimpleUploadedFile("x.csv", b"a" * 11))

    assert "разделите его на части" in str(response.context["form"].errors["import_file"])


def test_export_downloads_the_import_columns_and_imports_back_unchanged(
    methodist_client, organization
):
    make_program(organization=organization, title="Робототехника", navigator_id="42")
    exported = methodist_client.post(PROGRAM_EXPORT, {"resource": "0", "format": "0"})
    assert exported.status_code == 200
    assert exported["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(exported.content)).active
    assert [cell.value for cell in sheet[1]][:3] == ["ID в Навигаторе", "Название", "Организация"]

    preview = upload(
        methodist_client, PROGRAM_IMPORT, SimpleUploadedFile("back.xlsx", exported.content)
    )

    assert "Новых: 0, изменится: 0, без изменений: 1." in preview.content.decode()


def test_a_representative_imports_only_into_their_own_organization(
    client, django_user_model, organization
):
    user = django_user_model.objects.create_user("rep", password="x", is_staff=True)
    user.groups.add(roles.ensure_staff_groups()[roles.REPRESENTATIVES])
    organization.representatives.add(user)
    make_organization(short_name="Чужая школа")
    client.force_login(user)
    file = xlsx_upload(
        [
            HEADER,
            ["Своя", "ДДТ Красный Холм", "tech", "start", 7, 12],
            ["Чужая", "Чужая школа", "tech", "start", 7, 12],
        ]
    )

    response = upload(client, PROGRAM_IMPORT, file)

    page = response.content.decode()
    assert "только своей организации" in page
    assert response.context.get("confirm_form") is None
    assert client.get(ORGANIZATION_IMPORT).status_code == 403


def test_a_coordinator_may_export_but_not_import(client, django_user_model):
    user = django_user_model.objects.create_user("coordinator", password="x", is_staff=True)
    user.groups.add(roles.ensure_staff_groups()[roles.COORDINATORS])
    client.force_login(user)

    assert client.get(PROGRAM_IMPORT).status_code == 403
    assert client.get(PROGRAM_EXPORT).status_code == 200


def test_organizations_import_through_the_admin(methodist_client):
    file = xlsx_upload(
        [["Краткое наименование", "Полное наименование", "Тип"], ["ДЮСШ", "МБУ ДО ДЮСШ", "sport"]]
    )

    preview = upload(methodist_client, ORGANIZATION_IMPORT, file)
    form = preview.context["confirm_form"]
    methodist_client.post(
        reverse("admin:programs_organization_process_import"),
        {name: form.initial.get(name, "") for name in form.fields},
    )

    assert Organization.objects.get().slug == "dyussh"


def test_a_methodist_adds_a_header_alias_that_the_import_then_understands(
    methodist_client, organization
):
    response = methodist_client.post(
        reverse("admin:programs_importheaderalias_add"),
        {"target": "program", "header": "Наименование ДООП", "column": "title"},
    )
    assert response.status_code == 302
    assert ImportHeaderAlias.objects.get().column == "title"

    file = xlsx_upload(
        [
            ["Наименование ДООП", *HEADER[1:]],
            ["Театр", "ДДТ Красный Холм", "art", "start", 7, 12],
        ]
    )
    preview = upload(methodist_client, PROGRAM_IMPORT, file)

    assert "Новых: 1" in preview.content.decode()


def test_an_alias_for_a_column_of_the_other_import_is_refused(methodist_client):
    response = methodist_client.post(
        reverse("admin:programs_importheaderalias_add"),
        {"target": "organization", "header": "Возраст с", "column": "age_min"},
    )

    assert response.status_code == 200
    assert "Нет такой колонки" in response.content.decode()


def test_import_page_explains_the_file_and_lists_the_columns(methodist_client):
    page = methodist_client.get(PROGRAM_IMPORT).content.decode()

    assert "XLSX) или CSV в кодировке UTF-8 или Windows-1251" in page
    assert "ID в Навигаторе, Название, Организация" in page

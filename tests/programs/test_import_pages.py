"""The import's own pages: upload → preview (nothing saved) → confirm, and the admin's export.

Every path out of an upload leaves the temporary folder as it found it (issue 17, item 1):
refused by the gate, refused for errors, confirmed, cancelled, abandoned at the preview.
"""

import io
import os
import re
import time

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from kombu.exceptions import OperationalError as BrokerUnreachable
from openpyxl import Workbook, load_workbook

from moc_portal import roles
from programs import tasks
from programs.models import ImportBatch, ImportHeaderAlias, Organization, Program
from tests.factories import make_organization, make_program
from tests.pages import fields_in_error, message_levels

pytestmark = pytest.mark.django_db

PROGRAM_IMPORT = reverse("programs:import_upload", args=["programs"])
ORGANIZATION_IMPORT = reverse("programs:import_upload", args=["organizations"])
HEADER = ["Название", "Организация", "Направленность", "Уровень", "Возраст от", "Возраст до"]


def xlsx_upload(rows, name="programs.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def program_file(count, organization="ДДТ Красный Холм"):
    rows = [[f"Программа {n}", organization, "tech", "start", 7, 12] for n in range(count)]
    return xlsx_upload([HEADER, *rows])


def upload(client, url, file):
    return client.post(url, {"file": file}, follow=True)


def batch_of(response):
    return response.context["batch"]


def confirm(client, batch):
    return client.post(reverse("programs:import_confirm", args=[batch.pk]), follow=True)


@pytest.fixture(autouse=True)
def temp_dir(settings, tmp_path):
    settings.IMPORT_TEMP_DIR = str(tmp_path / "imports")
    return tmp_path / "imports"


def files_in(folder):
    return sorted(folder.iterdir()) if folder.exists() else []


def staff_client(client, django_user_model, role, username):
    user = django_user_model.objects.create_user(username, password="x", is_staff=True)
    user.groups.add(roles.ensure_staff_groups()[role])
    client.force_login(user)
    return client


@pytest.fixture
def methodist_client(client, django_user_model):
    return staff_client(client, django_user_model, roles.METHODISTS, "methodist")


def test_changelists_link_the_import_page_and_the_export_for_methodists(methodist_client):
    for model in ("program", "organization"):
        page = methodist_client.get(reverse(f"admin:programs_{model}_changelist")).content.decode()
        assert reverse("programs:import_upload", args=[f"{model}s"]) in page
        assert reverse(f"admin:programs_{model}_export", args=["xlsx"]) in page


def test_preview_shows_what_will_change_and_saves_nothing_until_confirmed(
    methodist_client, organization, temp_dir
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

    batch = batch_of(preview)
    assert batch.status == ImportBatch.Status.READY
    assert batch.counts == {"new": 1, "update": 1, "skip": 0}
    assert [(row["name"], row["action"]) for row in batch.preview] == [
        ("Шахматы", "update"),
        ("Вокал", "new"),
    ]
    assert "Возраст до" in batch.preview[0]["changed"]
    assert batch.unknown_headers == ["Примечание"]
    assert "Примечание" in preview.content.decode()
    assert Program.objects.count() == 1
    assert len(files_in(temp_dir)) == 1  # the file waits for the confirmation

    done = confirm(methodist_client, batch)

    assert batch_of(done).status == ImportBatch.Status.DONE
    assert batch_of(done).counts == {"new": 1, "update": 1, "skip": 0}
    assert Program.objects.count() == 2
    assert Program.objects.get(title="Шахматы").age_max == 11
    added = LogEntry.objects.get(action_flag=ADDITION)
    assert (added.object_repr, added.change_message) == ("Вокал", "Добавлено загрузкой из файла.")
    assert LogEntry.objects.get(action_flag=CHANGE).object_repr == "Шахматы"
    assert files_in(temp_dir) == []


def test_errors_are_listed_by_row_and_column_and_nothing_can_be_confirmed(
    methodist_client, organization, temp_dir
):
    file = xlsx_upload(
        [
            HEADER,
            ["Хорошая", "ДДТ Красный Холм", "tech", "start", 7, 12],
            ["Плохая", "ДДТ Красный Холм", "кулинарная", "start", 12, 7],
        ]
    )

    response = upload(methodist_client, PROGRAM_IMPORT, file)

    batch = batch_of(response)
    assert batch.status == ImportBatch.Status.INVALID
    page = response.content.decode()
    errors = re.findall(r"<tr><td>(\d+)</td><td>([^<]+)</td>", page)
    assert errors == [("3", "Направленность"), ("3", "Возраст от")]
    assert reverse("programs:import_confirm", args=[batch.pk]) not in page
    assert confirm(methodist_client, batch).context["batch"].status == "invalid"
    assert not Program.objects.exists()
    assert files_in(temp_dir) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4\x00 not a table", "Это не таблица"),
        (b"PK\x03\x04 not really a zip", "Файл повреждён"),
        ("Название;Организация\n".encode(), "строк с данными нет"),
    ],
)
def test_a_file_that_is_not_a_table_is_refused_and_not_kept(
    methodist_client, temp_dir, content, message
):
    response = upload(methodist_client, PROGRAM_IMPORT, SimpleUploadedFile("x.csv", content))

    assert response.status_code == 200
    refusal = response.context.get("form")
    text = str(refusal.errors["file"]) if refusal else response.content.decode()
    assert message in text
    assert files_in(temp_dir) == []


def test_a_too_big_upload_is_refused_before_it_is_read(methodist_client, monkeypatch, temp_dir):
    monkeypatch.setattr("programs.forms.MAX_UPLOAD_BYTES", 10)

    response = upload(methodist_client, PROGRAM_IMPORT, SimpleUploadedFile("x.csv", b"a" * 11))

    assert fields_in_error(response) == {"file"}
    assert files_in(temp_dir) == []


def test_a_cancelled_preview_removes_its_file_and_saves_nothing(
    methodist_client, organization, temp_dir
):
    batch = batch_of(upload(methodist_client, PROGRAM_IMPORT, program_file(2)))
    assert len(files_in(temp_dir)) == 1

    methodist_client.post(reverse("programs:import_cancel", args=[batch.pk]))

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CANCELLED
    assert files_in(temp_dir) == []
    assert confirm(methodist_client, batch).context["batch"].status == "cancelled"
    assert not Program.objects.exists()


def test_an_abandoned_preview_loses_its_file_to_the_schedule(
    methodist_client, organization, temp_dir, time_machine
):
    time_machine.move_to("2026-10-05 10:00 +03:00", tick=False)
    batch = batch_of(upload(methodist_client, PROGRAM_IMPORT, program_file(2)))
    stray = temp_dir / "import-crashed.upload"  # a crash between copying and recording
    stray.write_bytes(b"x")
    os.utime(stray, (time.time() - 4 * 3600, time.time() - 4 * 3600))
    time_machine.move_to("2026-10-05 10:30 +03:00", tick=False)
    assert tasks.remove_stale_imports_task() == 1  # only the stray one is old enough yet
    assert len(files_in(temp_dir)) == 1

    time_machine.move_to("2026-10-05 11:05 +03:00", tick=False)
    assert tasks.remove_stale_imports_task() == 1

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.EXPIRED
    assert files_in(temp_dir) == []
    assert not Program.objects.exists()


def test_a_big_file_is_checked_and_written_by_the_worker_with_a_status_page(
    methodist_client, organization, temp_dir, settings, eager_tasks
):
    settings.IMPORT_BACKGROUND_ROWS = 3

    response = upload(methodist_client, PROGRAM_IMPORT, program_file(5))

    batch = batch_of(response)
    assert batch.in_background
    assert batch.status == ImportBatch.Status.READY  # the eager worker has checked it
    status = methodist_client.get(batch.get_absolute_url(), {"format": "json"}).json()
    assert status == {
        "status": "ready",
        "label": "Ждёт подтверждения",
        "progress": 100,
        "finished": True,
    }
    done = confirm(methodist_client, batch)
    assert batch_of(done).status == ImportBatch.Status.DONE
    assert Program.objects.count() == 5
    assert files_in(temp_dir) == []


def test_the_status_page_polls_while_the_worker_is_busy(methodist_client, organization):
    user = methodist_client.get(PROGRAM_IMPORT).wsgi_request.user
    batch = ImportBatch.objects.create(
        target="program", user=user, file_name="big.xlsx", in_background=True, progress=40
    )

    page = methodist_client.get(batch.get_absolute_url()).content.decode()

    assert 'data-finished="false"' in page
    assert "report_progress.js" in page
    assert methodist_client.get(batch.get_absolute_url(), {"format": "json"}).json() == {
        "status": "checking",
        "label": "Проверяется",
        "progress": 40,
        "finished": False,
    }


def test_a_broker_outage_answers_a_russian_message_at_once_and_keeps_no_file(
    methodist_client, organization, temp_dir, settings, monkeypatch
):
    settings.IMPORT_BACKGROUND_ROWS = 3

    def refuse(*args, **kwargs):
        raise BrokerUnreachable("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.check_import_task, "delay", refuse)
    started = time.monotonic()

    response = upload(methodist_client, PROGRAM_IMPORT, program_file(5))

    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert "очередь фоновых задач сейчас недоступна" in str(response.context["form"].errors)
    assert ImportBatch.objects.get().status == ImportBatch.Status.FAILED
    assert files_in(temp_dir) == []


def test_a_confirmation_during_a_broker_outage_keeps_the_preview_for_later(
    methodist_client, organization, temp_dir, settings, monkeypatch, eager_tasks
):
    settings.IMPORT_BACKGROUND_ROWS = 3
    batch = batch_of(upload(methodist_client, PROGRAM_IMPORT, program_file(5)))

    def refuse(*args, **kwargs):
        raise BrokerUnreachable("Connection refused.")

    monkeypatch.setattr(tasks.apply_import_task, "delay", refuse)
    response = confirm(methodist_client, batch)

    assert message_levels(response) == ["error"]  # the page says the queue is down
    assert batch_of(response).status == ImportBatch.Status.READY
    assert len(files_in(temp_dir)) == 1
    assert not Program.objects.exists()


def test_a_batch_is_only_its_uploaders(client, django_user_model, methodist_client, organization):
    batch = batch_of(upload(methodist_client, PROGRAM_IMPORT, program_file(1)))
    other = staff_client(client, django_user_model, roles.METHODISTS, "other")

    assert other.get(batch.get_absolute_url()).status_code == 404
    assert other.post(reverse("programs:import_confirm", args=[batch.pk])).status_code == 404


def test_export_downloads_the_import_columns_and_imports_back_unchanged(
    methodist_client, organization
):
    make_program(organization=organization, title="Робототехника", navigator_id="42")
    make_program(organization=make_organization(short_name="Другая"), title="Танцы")
    changelist = reverse("admin:programs_program_changelist")
    page = methodist_client.get(changelist, {"q": "робот"}).content.decode()
    assert reverse("admin:programs_program_export", args=["xlsx"]) + "?q=" in page

    exported = methodist_client.get(
        reverse("admin:programs_program_export", args=["xlsx"]), {"q": "робот"}
    )

    assert exported.status_code == 200
    assert exported["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(exported.content)).active
    assert [cell.value for cell in sheet[1]][:3] == ["ID в Навигаторе", "Название", "Организация"]
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Робототехника"]
    preview = upload(
        methodist_client, PROGRAM_IMPORT, SimpleUploadedFile("back.xlsx", exported.content)
    )
    assert batch_of(preview).counts == {"new": 0, "update": 0, "skip": 1}


def test_a_representative_imports_only_into_their_own_organization_and_goes_to_moderation(
    client, django_user_model, organization
):
    rep = staff_client(client, django_user_model, roles.REPRESENTATIVES, "rep")
    organization.representatives.add(django_user_model.objects.get(username="rep"))
    make_organization(short_name="Чужая школа")
    file = xlsx_upload(
        [
            HEADER,
            ["Своя", "ДДТ Красный Холм", "tech", "start", 7, 12],
            ["Чужая", "Чужая школа", "tech", "start", 7, 12],
        ]
    )

    refused = batch_of(upload(rep, PROGRAM_IMPORT, file))
    own = batch_of(upload(rep, PROGRAM_IMPORT, program_file(1)))
    confirm(rep, own)

    assert refused.status == ImportBatch.Status.INVALID
    assert [(e["row"], e["column"]) for e in refused.errors] == [(3, "Организация")]
    assert "только своей организации" in refused.errors[0]["message"]
    assert Program.objects.get().status == Program.Status.MODERATION
    assert rep.get(ORGANIZATION_IMPORT).status_code == 403


def test_a_coordinator_may_export_but_not_import(client, django_user_model):
    coordinator = staff_client(client, django_user_model, roles.COORDINATORS, "coordinator")

    assert coordinator.get(PROGRAM_IMPORT).status_code == 403
    export = reverse("admin:programs_program_export", args=["csv"])
    assert coordinator.get(export).status_code == 200


def test_organizations_import_through_their_page(methodist_client):
    file = xlsx_upload(
        [["Краткое наименование", "Полное наименование", "Тип"], ["ДЮСШ", "МБУ ДО ДЮСШ", "sport"]]
    )

    confirm(methodist_client, batch_of(upload(methodist_client, ORGANIZATION_IMPORT, file)))

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

    assert batch_of(upload(methodist_client, PROGRAM_IMPORT, file)).counts["new"] == 1


def test_an_alias_for_a_column_of_the_other_import_is_refused(methodist_client):
    response = methodist_client.post(
        reverse("admin:programs_importheaderalias_add"),
        {"target": "organization", "header": "Возраст с", "column": "age_min"},
    )

    assert response.status_code == 200
    assert fields_in_error(response, "adminform") == {"column"}
    assert not ImportHeaderAlias.objects.exists()


def test_the_upload_page_lists_the_file_columns(methodist_client):
    page = methodist_client.get(PROGRAM_IMPORT).content.decode()

    assert "ID в Навигаторе, Название, Организация" in page
    assert 'enctype="multipart/form-data"' in page

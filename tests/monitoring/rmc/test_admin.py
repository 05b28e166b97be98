import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from moc_portal.core import outbox
from monitoring.models import (
    RmcExport,
    RmcForm,
)
from monitoring.services import rmc
from tests.factories import make_period, make_submission
from tests.pages import fields_in_error, message_levels

from .helpers import XLSX_FORM, read_back, rmc_form_workbook, xlsx

pytestmark = pytest.mark.django_db


# The admin --------------------------------------------------------------------------------


def upload(client, workbook, **extra):
    content = xlsx(workbook) if isinstance(workbook, Workbook) else workbook
    return client.post(
        reverse("admin:monitoring_rmcform_add"),
        {
            "name": "Форма РМЦ 2026",
            "file": SimpleUploadedFile("forma.xlsx", content, content_type=XLSX_FORM),
            **extra,
        },
    )


def test_admin_refuses_a_form_with_unknown_placeholders_and_lists_them(admin_client):
    workbook = rmc_form_workbook()
    workbook.active["D3"] = "{{children_totl}}"

    response = upload(admin_client, workbook)

    assert response.status_code == 200
    assert fields_in_error(response, "adminform") == {"file"}
    assert "«children_totl»" in str(response.context["adminform"].form.errors["file"])
    assert not RmcForm.objects.exists()


def test_admin_upload_can_make_the_form_the_active_one(admin_client):
    old = RmcForm.objects.create(
        name="Старая", file=ContentFile(xlsx(rmc_form_workbook()), name="old.xlsx"), is_active=True
    )

    response = upload(admin_client, rmc_form_workbook(), use_for_export="on")

    assert response.status_code == 302
    new = RmcForm.objects.exclude(pk=old.pk).get()
    assert new.is_active
    old.refresh_from_db()
    assert not old.is_active


def test_admin_form_page_previews_the_values_of_the_latest_closed_period(admin_client, october):
    october.is_closed = True
    october.save()
    make_period(2026, 11)
    form = RmcForm.objects.create(
        name="Форма", file=ContentFile(xlsx(rmc_form_workbook()), name="f.xlsx")
    )

    page = admin_client.get(reverse("admin:monitoring_rmcform_change", args=[form.pk]))

    html = page.content.decode()
    assert "Значения за октябрь 2026" in html
    assert "<td>B3</td><td><code>{{children_total}}</code></td><td>750</td>" in html


def test_admin_resend_sends_the_export_again(admin_client, october, mailoutbox):
    export = rmc.send_export(rmc.export_period(october))

    response = admin_client.post(
        reverse("admin:monitoring_rmcexport_changelist"),
        {"action": "resend", "_selected_action": [export.pk]},
        follow=True,
    )

    assert message_levels(response) == ["success"]
    outbox.deliver_due()
    assert len(mailoutbox) == 2
    export.refresh_from_db()
    assert export.attempts == 2


def test_admin_rebuild_rebuilds_without_sending(admin_client, october, mailoutbox, eager_tasks):
    export = rmc.export_period(october)
    make_submission(period=october, values={"children_total": 1})

    admin_client.post(
        reverse("admin:monitoring_rmcexport_changelist"),
        {"action": "rebuild", "_selected_action": [export.pk]},
    )

    rebuilt = RmcExport.objects.get()
    assert rebuilt.checksum != export.checksum
    assert rebuilt.status == RmcExport.Status.BUILT
    assert mailoutbox == []


def test_admin_reports_a_failed_resend(admin_client, october, monitoring_settings):
    export = rmc.export_period(october)
    monitoring_settings.rmc_emails = ""
    monitoring_settings.save()

    response = admin_client.post(
        reverse("admin:monitoring_rmcexport_changelist"),
        {"action": "resend", "_selected_action": [export.pk]},
        follow=True,
    )

    assert (
        "Не получилось: Октябрь 2026: В настройках мониторинга не указаны адреса РМЦ."
        in response.content.decode()
    )
    assert RmcExport.objects.get().status == RmcExport.Status.FAILED


def test_admin_actions_need_the_manage_permission(client, october, mailoutbox, eager_tasks):
    export = rmc.send_export(rmc.export_period(october))
    viewer = User.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_rmcexport"))
    client.force_login(viewer)
    changelist = reverse("admin:monitoring_rmcexport_changelist")

    assert client.get(changelist).status_code == 200
    client.post(changelist, {"action": "resend", "_selected_action": [export.pk]})

    outbox.deliver_due()
    assert len(mailoutbox) == 1
    action_form = client.get(changelist).context["action_form"]  # None: no action at all
    offered = action_form.fields["action"].choices if action_form else []
    assert "resend" not in [name for name, _ in offered]


def test_admin_download_gives_the_archived_file(admin_client, october):
    export = rmc.export_period(october)

    response = admin_client.get(reverse("admin:monitoring_rmcexport_download", args=[export.pk]))

    assert response.status_code == 200
    assert 'filename="moc_2026-10.xlsx"' in response["Content-Disposition"]
    assert read_back(b"".join(response.streaming_content)).sheetnames[0] == "Показатели"


def test_download_is_refused_without_permission(client, october):
    export = rmc.export_period(october)
    client.force_login(User.objects.create_user("staff", is_staff=True))

    response = client.get(reverse("admin:monitoring_rmcexport_download", args=[export.pk]))

    assert response.status_code == 403

import datetime
import smtplib
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django_celery_beat.models import PeriodicTask

from moc_portal.core import outbox
from moc_portal.models import OutgoingMail
from monitoring.models import (
    Indicator,
    RmcExport,
    RmcForm,
)
from monitoring.services import rmc
from monitoring.tasks import export_to_rmc
from tests.factories import make_submission

from .helpers import (
    MOC_NAME,
    RMC,
    XLSX_FORM,
    read_back,
    rmc_form_workbook,
    rows_by_code,
    stored,
    xlsx,
)

pytestmark = pytest.mark.django_db


# The archive: one export per period -------------------------------------------------------


def test_export_is_built_once_per_period_and_a_second_run_does_nothing(october):
    first = rmc.export_period(october)
    content = stored(first)
    second = rmc.export_period(october)

    assert first.status == RmcExport.Status.BUILT
    assert RmcExport.objects.count() == 1
    assert (second.pk, second.file.name, second.built_at) == (
        first.pk,
        first.file.name,
        first.built_at,
    )
    assert len(first.checksum) == 64
    assert read_back(content).sheetnames[0] == "Показатели"


def test_a_second_export_row_for_a_period_is_refused_by_the_database(october):
    RmcExport.objects.create(period=october)

    with pytest.raises(IntegrityError):
        RmcExport.objects.create(period=october)


def test_force_rebuilds_the_file_with_new_figures_and_removes_the_old_one(
    october, django_capture_on_commit_callbacks
):
    first = rmc.export_period(october)
    old_name, old_checksum = first.file.name, first.checksum
    make_submission(period=october, values={"children_total": 1})

    with django_capture_on_commit_callbacks(execute=True):
        rebuilt = rmc.export_period(october, force=True)

    assert rebuilt.pk == first.pk
    assert rebuilt.checksum != old_checksum
    assert not rebuilt.file.storage.exists(old_name)
    rows = rows_by_code(read_back(stored(rebuilt))["Показатели"])
    assert rows["children_total"][5] == 751


def test_export_fills_the_active_rmc_form(october):
    form = RmcForm.objects.create(
        name="Форма РМЦ 2026",
        file=ContentFile(xlsx(rmc_form_workbook()), name="form.xlsx"),
    )
    rmc.activate_rmc_form(form)

    export = rmc.export_period(october)

    assert export.form == form
    assert read_back(stored(export))["Форма 1-МОЦ"]["B3"].value == 750


def test_a_form_that_no_longer_fits_fails_the_export_and_the_archive_says_why(october):
    form = RmcForm.objects.create(
        name="Форма РМЦ 2026",
        file=ContentFile(xlsx(rmc_form_workbook()), name="form.xlsx"),
        is_active=True,
    )
    Indicator.objects.filter(code="children_ovz").update(code="children_disabled")

    with pytest.raises(rmc.RmcExportError):
        rmc.export_period(october)

    export = RmcExport.objects.get(period=october)
    assert export.status == RmcExport.Status.FAILED
    assert "«children_ovz»" in export.error  # the placeholder that no longer fits
    assert not export.checksum
    assert form.is_active


# Sending ----------------------------------------------------------------------------------


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPDataError(554, b"Transaction failed")


def test_send_mails_the_xlsx_to_the_rmc_addresses(october, mailoutbox):
    export = rmc.send_export(rmc.export_period(october))

    assert mailoutbox == []  # queued in the outbox with the export's state
    outbox.deliver_due()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == RMC
    assert message.subject == f"Мониторинг дополнительного образования за октябрь 2026 — {MOC_NAME}"
    assert export.checksum in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("moc_2026-10.xlsx", XLSX_FORM)
    assert rows_by_code(read_back(content)["Показатели"])["children_total"][5] == 750
    export.refresh_from_db()
    assert export.status == RmcExport.Status.SENT
    assert export.sent_at is not None
    assert export.recipients == ", ".join(RMC)
    assert export.attempts == 1


def test_a_sent_export_is_not_sent_again_unless_forced(october, mailoutbox):
    export = rmc.send_export(rmc.export_period(october))
    rmc.send_export(export)
    outbox.deliver_due()
    assert len(mailoutbox) == 1

    export = rmc.send_export(export, force=True)
    outbox.deliver_due()
    assert len(mailoutbox) == 2
    assert export.attempts == 2


def test_a_refusing_mail_server_leaves_the_mail_in_the_outbox_until_it_goes_out_once(
    october, settings, mailoutbox
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    export = rmc.send_export(rmc.export_period(october))  # the server is never asked here
    assert (export.status, export.attempts) == (RmcExport.Status.SENT, 1)

    assert outbox.deliver_due() == {"sent": 0, "failed": 1}
    queued = OutgoingMail.objects.get(dedupe_key=rmc.export_mail_key(export))
    assert queued.status == OutgoingMail.Status.WAITING and "554" in queued.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutgoingMail.objects.update(next_attempt_at=queued.created_at)  # the backoff has passed
    assert outbox.deliver_due() == {"sent": 1, "failed": 0}
    assert outbox.deliver_due() == {"sent": 0, "failed": 0}
    [message] = mailoutbox
    assert message.attachments[0][0] == "moc_2026-10.xlsx"


def test_without_rmc_addresses_the_export_fails_with_a_russian_reason(october, monitoring_settings):
    monitoring_settings.rmc_emails = ""
    monitoring_settings.save()

    with pytest.raises(rmc.RmcExportError):
        rmc.send_export(rmc.export_period(october))

    export = RmcExport.objects.get(period=october)
    assert export.status == RmcExport.Status.FAILED
    assert "не указаны адреса РМЦ" in export.error


def test_the_task_does_not_wait_for_the_mail_server(october, settings, mailoutbox):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"

    result = export_to_rmc.apply(args=[october.pk])

    assert result.successful()
    export = RmcExport.objects.get(period=october)
    assert (export.status, export.attempts) == (RmcExport.Status.SENT, 1)
    assert outbox.unsent_count() == 1 and mailoutbox == []


def test_the_task_run_twice_builds_and_sends_once(october, mailoutbox):
    export_to_rmc.apply(args=[october.pk]).get()
    built_at = RmcExport.objects.get().built_at

    export_to_rmc.apply(args=[october.pk]).get()

    outbox.deliver_due()
    assert len(mailoutbox) == 1
    assert RmcExport.objects.get().built_at == built_at


def test_the_scheduled_run_exports_the_previous_month(october, mailoutbox):
    export = rmc.run_scheduled_export(today=datetime.date(2026, 11, 5))

    assert export.period == october
    assert export.status == RmcExport.Status.SENT
    outbox.deliver_due()
    assert len(mailoutbox) == 1


def test_the_schedules_are_in_the_database_for_beat():
    export = PeriodicTask.objects.get(name="Выгрузка в РМЦ за прошлый месяц")
    reminders = PeriodicTask.objects.get(name="Напоминания о сроке мониторинга")

    assert export.task == "monitoring.tasks.export_previous_month_to_rmc"
    assert (export.crontab.minute, export.crontab.hour, export.crontab.day_of_month) == (
        "0",
        "6",
        "5",
    )
    assert str(export.crontab.timezone) == "Europe/Moscow"
    assert reminders.task == "monitoring.tasks.send_deadline_reminders_task"
    assert (reminders.crontab.hour, reminders.crontab.day_of_month) == ("7", "*")


# The management command -------------------------------------------------------------------


def test_command_builds_and_sends(october, mailoutbox):
    out = StringIO()
    call_command("build_rmc_export", period="2026-10", send=True, stdout=out)

    export = RmcExport.objects.get(period=october)
    assert export.status == RmcExport.Status.SENT and export.checksum
    text = out.getvalue()  # says which file it built and where it went
    assert export.checksum in text and export.file.name in text
    assert "rmc@example.ru, rmc-copy@example.ru" in text
    outbox.deliver_due()
    assert len(mailoutbox) == 1


def test_command_without_force_does_not_send_twice(october, mailoutbox):
    call_command("build_rmc_export", period="2026-10", send=True, stdout=StringIO())
    first = RmcExport.objects.get(period=october)
    call_command("build_rmc_export", period="2026-10", send=True, stdout=StringIO())

    again = RmcExport.objects.get(period=october)
    assert (again.built_at, again.checksum) == (first.built_at, first.checksum)  # not rebuilt
    assert (again.sent_at, again.attempts) == (first.sent_at, first.attempts)  # not resent
    outbox.deliver_due()
    assert len(mailoutbox) == 1

    call_command("build_rmc_export", period="2026-10", send=True, force=True, stdout=StringIO())
    outbox.deliver_due()
    assert len(mailoutbox) == 2


@pytest.mark.parametrize("code", ["2026-13", "октябрь", "2025-01"])
def test_command_refuses_a_period_it_does_not_know(october, code):
    with pytest.raises(CommandError):
        call_command("build_rmc_export", period=code)

import datetime
import smtplib
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.contrib.auth.models import Permission, User
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from moc_portal.celery import app as celery_app
from moc_portal.models import SiteSettings
from monitoring.models import (
    Indicator,
    MonitoringSettings,
    MunicipalFigure,
    RmcExport,
    RmcForm,
    Target,
)
from monitoring.selectors.aggregation import collect_period
from monitoring.services import rmc
from monitoring.services.reminders import RemindersNotSent, send_deadline_reminders
from monitoring.tasks import export_to_rmc, send_deadline_reminders_task
from tests.factories import make_organization, make_period, make_submission

pytestmark = pytest.mark.django_db

MOC_NAME = "МОЦ Краснохолмского муниципального округа"
RMC = ["rmc@example.ru", "rmc-copy@example.ru"]
XLSX_FORM = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def site():
    site = SiteSettings.load()
    site.moc_name = MOC_NAME
    site.municipality = "Краснохолмский муниципальный округ"
    site.save()
    return site


@pytest.fixture(autouse=True)
def monitoring_settings():
    settings = MonitoringSettings.load()
    settings.rmc_emails = "\n".join(RMC)
    settings.reminder_days_before = 3
    settings.save()
    return settings


@pytest.fixture
def october():
    """October 2026: two organizations sent their figures, one has a draft, one nothing."""
    period = make_period(2026, 10)
    population = Indicator.objects.get(code="children_population")
    MunicipalFigure.objects.create(indicator=population, year=2026, value=1000)
    coverage = Indicator.objects.get(code="coverage_total")
    Target.objects.create(indicator=coverage, year=2026, value=Decimal("80.5"))
    make_submission(
        organization=make_organization(short_name="ДДТ «Солнышко»"),
        period=period,
        values={"children_total": 500, ("children_total", "tech"): 120},
    )
    make_submission(
        organization=make_organization(short_name="ДЮСШ «Звезда»"),
        period=period,
        status="accepted",
        values={"children_total": 250, ("children_total", "tech"): 30},
    )
    make_submission(
        organization=make_organization(short_name="Школа № 1"),
        period=period,
        status="draft",
        values={"children_total": 999},
    )
    make_organization(short_name="Клуб «Юность»")
    return period


def xlsx(workbook):
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_back(content):
    return load_workbook(BytesIO(content))


def stored(export):
    with export.file.open("rb") as file:
        return file.read()


def rows_by_code(sheet):
    return {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}


def rmc_form_workbook():
    """A РМЦ form the way a region sends it: a merged title, styles, a formula, placeholders."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Форма 1-МОЦ"
    sheet["A1"] = "Мониторинг за {{period}}: {{moc_name}}"
    sheet.merge_cells("A1:D1")
    sheet["A3"], sheet["B3"] = "Всего детей", "{{children_total}}"
    sheet["B3"].font = Font(bold=True, color="FFC00000")
    sheet["B3"].fill = PatternFill("solid", fgColor="FFFFFF00")
    sheet["B3"].number_format = "#,##0"
    sheet["A4"], sheet["B4"] = "Техническая", "{{ children_total:tech }}"
    sheet["A5"], sheet["B5"] = "Прочие", "=B3-B4"
    sheet["A6"], sheet["B6"] = "Охват, %", "{{coverage_total}}"
    sheet["C6"] = "{{coverage_total:target}}"
    sheet["A7"] = "Охват {{coverage_total}} % при цели {{coverage_total:target}} %"
    sheet["A8"], sheet["B8"] = "Дети с ОВЗ", "{{children_ovz}}"
    sheet.column_dimensions["A"].width = 42
    workbook.create_sheet("Пояснения")["A1"] = "Год: {{year}}, {{municipality}}"
    return workbook


# Our own layout ---------------------------------------------------------------------------


def test_default_export_has_totals_breakdowns_targets_and_the_late_organizations(october):
    workbook = read_back(rmc.build_default_export(collect_period(october)))

    assert workbook.sheetnames == ["Показатели", "Не сдали", "Сведения"]
    indicators = rows_by_code(workbook["Показатели"])
    assert indicators["children_total"][5] == 750
    assert indicators["children_total:tech"][5] == 150
    assert indicators["children_total:tech"][3] == "Техническая"
    assert indicators["coverage_total"][5:7] == (75, 80.5)
    assert indicators["children_ovz"][5] is None
    missing = [row[0] for row in workbook["Не сдали"].iter_rows(min_row=2, values_only=True)]
    assert missing == ["Клуб «Юность»", "Школа № 1"]
    about = dict(workbook["Сведения"].iter_rows(min_row=2, values_only=True))
    assert about["Отчётный период"] == "октябрь 2026"
    assert about["МОЦ"] == MOC_NAME
    assert (about["Организаций"], about["Сдали отчёт"], about["Не сдали"]) == (4, 2, 2)


# The РМЦ's form ---------------------------------------------------------------------------


def test_filled_form_gets_numbers_where_a_cell_is_one_placeholder(october):
    sheet = read_back(rmc.fill_rmc_form(xlsx(rmc_form_workbook()), collect_period(october)))[
        "Форма 1-МОЦ"
    ]

    assert sheet["B3"].value == 750
    assert sheet["B4"].value == 150
    assert sheet["B6"].value == 75
    assert sheet["C6"].value == 80.5
    assert sheet["B8"].value is None  # nobody reported it: empty, not zero


def test_placeholders_inside_text_are_replaced_as_text(october):
    workbook = read_back(rmc.fill_rmc_form(xlsx(rmc_form_workbook()), collect_period(october)))

    assert workbook["Форма 1-МОЦ"]["A1"].value == f"Мониторинг за октябрь 2026: {MOC_NAME}"
    assert workbook["Форма 1-МОЦ"]["A7"].value == "Охват 75 % при цели 80,5 %"
    assert workbook["Пояснения"]["A1"].value == "Год: 2026, Краснохолмский муниципальный округ"


def test_filled_form_keeps_styles_formulas_merged_cells_and_widths(october):
    workbook = read_back(rmc.fill_rmc_form(xlsx(rmc_form_workbook()), collect_period(october)))
    sheet = workbook["Форма 1-МОЦ"]

    assert sheet["B3"].font.b is True
    assert sheet["B3"].font.color.rgb == "FFC00000"
    assert sheet["B3"].fill.fgColor.rgb == "FFFFFF00"
    assert sheet["B3"].number_format == "#,##0"
    assert sheet["B5"].data_type == "f"
    assert sheet["B5"].value == "=B3-B4"
    assert [str(cells) for cells in sheet.merged_cells.ranges] == ["A1:D1"]
    assert sheet.column_dimensions["A"].width == 42
    assert workbook.calculation.fullCalcOnLoad is True  # the formula is computed on opening


def test_a_name_that_looks_like_a_formula_is_written_as_text(october, site):
    site.moc_name = '=HYPERLINK("http://x")'
    site.save()
    workbook = Workbook()
    workbook.active["A1"] = "{{moc_name}}"

    cell = read_back(rmc.fill_rmc_form(xlsx(workbook), collect_period(october))).active["A1"]

    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x")'


def test_a_valid_form_passes_validation():
    assert rmc.validate_rmc_form(xlsx(rmc_form_workbook())) == []


def test_unknown_indicators_and_directions_are_refused_with_a_list_in_russian():
    workbook = rmc_form_workbook()
    sheet = workbook.active
    sheet["D3"] = "{{children_totl}}"
    sheet["D4"] = "Итого: {{children_total:space}}"
    sheet["D5"] = "{{coverage_total:tech}}"
    sheet["D6"] = "{{period:tech}}"

    errors = rmc.validate_rmc_form(xlsx(workbook))

    assert errors == [
        "Лист «Форма 1-МОЦ», ячейка D3: неизвестный показатель «children_totl» "
        "({{children_totl}}).",
        "Лист «Форма 1-МОЦ», ячейка D4: неизвестная направленность «space» "
        "({{children_total:space}}).",
        "Лист «Форма 1-МОЦ», ячейка D5: у показателя «coverage_total» нет разбивки по "
        "направленностям ({{coverage_total:tech}}).",
        "Лист «Форма 1-МОЦ», ячейка D6: у подстановки «period» не бывает уточнения «tech» "
        "({{period:tech}}).",
    ]


def test_a_file_that_is_not_xlsx_is_refused():
    errors = rmc.validate_rmc_form(SimpleUploadedFile("form.xlsx", b"not a workbook"))

    assert len(errors) == 1
    assert "XLSX" in errors[0]


def test_a_form_without_placeholders_is_refused():
    workbook = Workbook()
    workbook.active["A1"] = "Просто таблица"

    assert "нет ни одной подстановки" in rmc.validate_rmc_form(xlsx(workbook))[0]


def test_preview_shows_which_cell_gets_which_value(october):
    rows = rmc.preview_rmc_form(xlsx(rmc_form_workbook()), collect_period(october))

    shown = {(row.sheet, row.cell, row.placeholder): row.value for row in rows}
    assert shown[("Форма 1-МОЦ", "A1", "{{period}}")] == "октябрь 2026"
    assert shown[("Форма 1-МОЦ", "B3", "{{children_total}}")] == 750
    assert shown[("Форма 1-МОЦ", "B4", "{{ children_total:tech }}")] == 150
    assert shown[("Форма 1-МОЦ", "C6", "{{coverage_total:target}}")] == 80.5
    assert shown[("Форма 1-МОЦ", "B8", "{{children_ovz}}")] is None
    assert len(rows) == 11


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
    assert "неизвестный показатель «children_ovz»" in export.error
    assert not export.checksum
    assert form.is_active


# Sending ----------------------------------------------------------------------------------


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPDataError(554, b"Transaction failed")


class RefusingOnceBackend(BaseEmailBackend):
    """Fails the first message it is given, then delivers like the locmem backend."""

    refused = 0

    def send_messages(self, messages):
        if not RefusingOnceBackend.refused:
            RefusingOnceBackend.refused += 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        mail.outbox.extend(messages)
        return len(messages)


def test_send_mails_the_xlsx_to_the_rmc_addresses(october, mailoutbox):
    export = rmc.send_export(rmc.export_period(october))

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
    assert len(mailoutbox) == 1

    export = rmc.send_export(export, force=True)
    assert len(mailoutbox) == 2
    assert export.attempts == 2


def test_an_smtp_failure_leaves_the_export_failed_with_the_error_and_is_raised(
    october, settings, mailoutbox
):
    export = rmc.export_period(october)
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"

    with pytest.raises(smtplib.SMTPDataError):
        rmc.send_export(export)

    export.refresh_from_db()
    assert export.status == RmcExport.Status.FAILED
    assert "554" in export.error
    assert export.attempts == 1
    assert export.sent_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    export = rmc.send_export(export)
    assert export.status == RmcExport.Status.SENT
    assert (export.attempts, export.error) == (2, "")
    assert len(mailoutbox) == 1


def test_without_rmc_addresses_the_export_fails_with_a_russian_reason(october, monitoring_settings):
    monitoring_settings.rmc_emails = ""
    monitoring_settings.save()

    with pytest.raises(rmc.RmcExportError):
        rmc.send_export(rmc.export_period(october))

    export = RmcExport.objects.get(period=october)
    assert export.status == RmcExport.Status.FAILED
    assert "не указаны адреса РМЦ" in export.error


def test_the_task_retries_a_mail_failure_and_sends_once(october, settings, mailoutbox, monkeypatch):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingOnceBackend"
    RefusingOnceBackend.refused = 0
    # Run the retries here, one after another, instead of raising the first Retry.
    monkeypatch.setattr(celery_app.conf, "task_eager_propagates", False)

    result = export_to_rmc.apply(args=[october.pk])

    assert result.successful()
    export = RmcExport.objects.get(period=october)
    assert (export.status, export.attempts) == (RmcExport.Status.SENT, 2)
    assert len(mailoutbox) == 1


def test_the_task_run_twice_builds_and_sends_once(october, mailoutbox):
    export_to_rmc.apply(args=[october.pk]).get()
    built_at = RmcExport.objects.get().built_at

    export_to_rmc.apply(args=[october.pk]).get()

    assert len(mailoutbox) == 1
    assert RmcExport.objects.get().built_at == built_at


def test_the_scheduled_run_exports_the_previous_month(october, mailoutbox):
    export = rmc.run_scheduled_export(today=datetime.date(2026, 11, 5))

    assert export.period == october
    assert export.status == RmcExport.Status.SENT
    assert len(mailoutbox) == 1


def test_the_export_task_survives_a_lost_worker_and_retries_mail_errors():
    # acks_late: the message is acknowledged after the task, so a killed worker's export is
    # delivered again (and finds the export built: see the test of two runs above).
    assert export_to_rmc.acks_late is True
    assert set(export_to_rmc.autoretry_for) == {smtplib.SMTPException, OSError, ConnectionError}
    assert (export_to_rmc.max_retries, export_to_rmc.retry_backoff_max) == (5, 600)


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

    text = out.getvalue()
    assert "Выгрузка за октябрь 2026 сформирована" in text
    assert "Отправлена: rmc@example.ru, rmc-copy@example.ru" in text
    assert len(mailoutbox) == 1


def test_command_without_force_does_not_send_twice(october, mailoutbox):
    call_command("build_rmc_export", period="2026-10", send=True, stdout=StringIO())
    out = StringIO()
    call_command("build_rmc_export", period="2026-10", send=True, stdout=out)

    assert "уже была сформирована" in out.getvalue()
    assert "Уже отправлена" in out.getvalue()
    assert len(mailoutbox) == 1

    call_command("build_rmc_export", period="2026-10", send=True, force=True, stdout=StringIO())
    assert len(mailoutbox) == 2


@pytest.mark.parametrize("code", ["2026-13", "октябрь", "2025-01"])
def test_command_refuses_a_period_it_does_not_know(october, code):
    with pytest.raises(CommandError):
        call_command("build_rmc_export", period=code)


# Reminders --------------------------------------------------------------------------------


@pytest.fixture
def due_in_three_days():
    """October 2026 due 5 November; organizations in every state of their report."""
    period = make_period(2026, 10)
    states = {
        "sent": "submitted",
        "accepted": "accepted",
        "draft": "draft",
        "returned": "returned",
    }
    organizations = {}
    for name, status in states.items():
        organizations[name] = make_organization(short_name=name, email=f"{name}@example.ru")
        make_submission(organization=organizations[name], period=period, status=status)
    organizations["silent"] = make_organization(short_name="silent", email="silent@example.ru")
    organizations["no_email"] = make_organization(short_name="no_email", email="")
    organizations["closed_down"] = make_organization(
        short_name="closed_down", email="closed@example.ru", is_active=False
    )
    return period, organizations


def test_reminders_go_to_active_organizations_that_have_not_sent(due_in_three_days, mailoutbox):
    period, _ = due_in_three_days

    sent = send_deadline_reminders(today=datetime.date(2026, 11, 2))

    assert sent == 3
    assert sorted(message.to[0] for message in mailoutbox) == [
        "draft@example.ru",
        "returned@example.ru",
        "silent@example.ru",
    ]
    message = next(m for m in mailoutbox if m.to == ["silent@example.ru"])
    assert message.subject == "Напоминание: мониторинг за октябрь 2026, срок — 5 ноября 2026 г."
    assert "/monitoring/2026-10/" in message.body
    assert "(осталось 3 дня)" in message.body
    assert "http://127.0.0.1:8000/monitoring/2026-10/" in message.body


def test_reminders_are_sent_once_a_day(due_in_three_days, mailoutbox):
    assert send_deadline_reminders(today=datetime.date(2026, 11, 2)) == 3
    assert send_deadline_reminders(today=datetime.date(2026, 11, 2)) == 0
    assert len(mailoutbox) == 3


@pytest.mark.parametrize("today", [datetime.date(2026, 11, 1), datetime.date(2026, 11, 3)])
def test_no_reminders_on_other_days(due_in_three_days, mailoutbox, today):
    assert send_deadline_reminders(today=today) == 0
    assert mailoutbox == []


def test_no_reminders_for_a_closed_period(due_in_three_days, mailoutbox):
    period, _ = due_in_three_days
    period.is_closed = True
    period.save()

    assert send_deadline_reminders(today=datetime.date(2026, 11, 2)) == 0


def test_representatives_get_the_reminder_too(due_in_three_days, mailoutbox):
    _, organizations = due_in_three_days
    user = User.objects.create_user("rep", email="rep@example.ru")
    organizations["no_email"].representatives.add(user)
    organizations["silent"].representatives.add(user)

    send_deadline_reminders(today=datetime.date(2026, 11, 2))

    recipients = sorted(message.to for message in mailoutbox)
    assert ["rep@example.ru"] in recipients
    assert ["silent@example.ru", "rep@example.ru"] in recipients
    assert len(mailoutbox) == 4


class RefusingOneAddressBackend(BaseEmailBackend):
    """Delivers like locmem, except to the address in `refused_address`."""

    refused_address = "draft@example.ru"

    def send_messages(self, messages):
        for message in messages:
            if self.refused_address in message.to:
                raise smtplib.SMTPRecipientsRefused({self.refused_address: (550, b"No mailbox")})
        mail.outbox.extend(messages)
        return len(messages)


def test_a_failed_reminder_does_not_stop_the_others_and_a_retry_sends_only_it(
    due_in_three_days, mailoutbox, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingOneAddressBackend"
    today = datetime.date(2026, 11, 2)

    with pytest.raises(RemindersNotSent):
        send_deadline_reminders(today=today)
    assert sorted(m.to[0] for m in mailoutbox) == ["returned@example.ru", "silent@example.ru"]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_deadline_reminders(today=today) == 1
    assert mailoutbox[-1].to == ["draft@example.ru"]
    assert len(mailoutbox) == 3


def test_reminder_task_counts_days_from_today_with_the_site_setting(
    mailoutbox, monitoring_settings
):
    monitoring_settings.reminder_days_before = 5
    monitoring_settings.save()
    make_period(2026, 10, deadline=timezone.localdate() + datetime.timedelta(days=5))
    make_organization(email="late@example.ru")

    assert send_deadline_reminders_task.apply().get() == 1
    assert mailoutbox[0].to == ["late@example.ru"]


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
    assert "неизвестный показатель «children_totl»" in response.content.decode()
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


def test_admin_resend_sends_the_export_again(admin_client, october, mailoutbox, eager_tasks):
    export = rmc.send_export(rmc.export_period(october))

    response = admin_client.post(
        reverse("admin:monitoring_rmcexport_changelist"),
        {"action": "resend", "_selected_action": [export.pk]},
        follow=True,
    )

    assert "Отправка в РМЦ запущена: Октябрь 2026" in response.content.decode()
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


def test_admin_reports_a_failed_resend(admin_client, october, settings, eager_tasks):
    export = rmc.export_period(october)
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"

    response = admin_client.post(
        reverse("admin:monitoring_rmcexport_changelist"),
        {"action": "resend", "_selected_action": [export.pk]},
        follow=True,
    )

    assert "Не получилось: Октябрь 2026: (554" in response.content.decode()
    assert RmcExport.objects.get().status == RmcExport.Status.FAILED


def test_admin_actions_need_the_manage_permission(client, october, mailoutbox, eager_tasks):
    export = rmc.send_export(rmc.export_period(october))
    viewer = User.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_rmcexport"))
    client.force_login(viewer)
    changelist = reverse("admin:monitoring_rmcexport_changelist")

    assert client.get(changelist).status_code == 200
    client.post(changelist, {"action": "resend", "_selected_action": [export.pk]})

    assert len(mailoutbox) == 1
    assert "Отправить повторно" not in client.get(changelist).content.decode()


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

"""The archive of exports to the РМЦ: exactly one per period, built once, e-mailed.

The same functions serve the scheduled task, the admin's buttons and the management command.
«Отправлена» means the mail with the file is in the outbox (`moc_portal.core.outbox`), queued in
the export's transaction; the outbox delivers it and retries while the mail server is down.
"""

import hashlib
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from moc_portal.core import outbox
from moc_portal.core.email import render_email
from moc_portal.core.months import Month
from moc_portal.core.spreadsheets import XLSX_CONTENT_TYPE

from ...models import MonitoringSettings, RmcExport, RmcForm
from ...selectors.aggregation import collect_period
from ...selectors.periods import no_period_message, period_by_code
from ..periods import period_for
from .forms import fill_rmc_form, validate_rmc_form
from .layout import build_default_export

ERROR_TEXT_LIMIT = 2000


class RmcExportError(Exception):
    """An export that cannot be built or sent until someone fixes the data or the settings."""


def build_export_file(period, form=None):
    """The export's content for `period`: the РМЦ's form filled in, or our own layout."""
    figures = collect_period(period)
    if form is None:
        return build_default_export(figures)
    with form.file.open("rb") as file:
        content = file.read()
    errors = validate_rmc_form(content)
    if errors:
        raise RmcExportError(f"Форма РМЦ «{form}» не подходит: " + " ".join(errors))
    return fill_rmc_form(content, figures)


def export_period(period, *, force=False):
    """The period's one export, built if it was not yet (or rebuilt when forced).

    The OneToOne on the period makes a second export impossible; the row lock makes a
    concurrent run wait and then find the export already built.
    """
    try:
        with transaction.atomic():
            RmcExport.objects.get_or_create(period=period)
            export = (
                RmcExport.objects.select_for_update().select_related("period").get(period=period)
            )
            if export.checksum and not force:
                return export
            form = RmcForm.objects.filter(is_active=True).first()
            content = build_export_file(period, form)
            old_name = export.file.name
            # A random part keeps the name unguessable wherever media files are served.
            name = f"rmc_{period.code}_{secrets.token_hex(8)}.xlsx"
            export.file.save(name, ContentFile(content), save=False)
            export.checksum = hashlib.sha256(content).hexdigest()
            export.form = form
            export.built_at = timezone.now()
            export.status = RmcExport.Status.BUILT
            export.sent_at, export.recipients, export.error = None, "", ""
            export.save()
            if old_name:
                storage = export.file.storage
                transaction.on_commit(lambda: storage.delete(old_name))
            return export
    except Exception as error:
        _record_build_error(period, error)
        raise


def send_export(export, *, force=False):
    """Queue the built export's mail to the РМЦ; a sent export is not sent again unless forced.

    A failure to prepare it (no addresses, the file gone) is recorded on the export (status
    «Ошибка») and raised. The mail server is never contacted here.
    """
    failure = None
    with transaction.atomic():
        export = RmcExport.objects.select_for_update().select_related("period").get(pk=export.pk)
        if export.status == RmcExport.Status.SENT and not force:
            return export
        if not export.checksum:
            raise RmcExportError(f"Выгрузка за {export.period.name} ещё не сформирована.")
        recipients = MonitoringSettings.load().rmc_email_list
        export.attempts += 1
        try:
            if not recipients:
                raise RmcExportError("В настройках мониторинга не указаны адреса РМЦ.")
            outbox.queue(
                _export_message(export, recipients),
                kind="monitoring/emails/rmc_export",
                dedupe_key=export_mail_key(export),
            )
        except Exception as error:
            export.status = RmcExport.Status.FAILED
            export.error = _error_text(error)
            failure = error
        else:
            export.status = RmcExport.Status.SENT
            export.sent_at = timezone.now()
            export.recipients = ", ".join(recipients)
            export.error = ""
        export.save(update_fields=["status", "attempts", "error", "sent_at", "recipients"])
    if failure is not None:
        raise failure
    return export


def export_mail_key(export):
    """The outbox key of the export's latest mail: one mail per attempt to send it."""
    return f"rmc-export:{export.pk}:{export.attempts}"


def run_scheduled_export(today=None):
    """The monthly run: build and send the export for the previous month's period."""
    period = period_for(Month.last_ended(today))
    return send_export(export_period(period))


def attachment_name(period):
    """The file name the РМЦ sees: moc_2026-10.xlsx."""
    return f"moc_{period.code}.xlsx"


def period_from_code(code):
    """The existing period for '2026-10'; RmcExportError in Russian otherwise."""
    try:
        period = period_by_code(code)
    except ValueError as error:
        raise RmcExportError(str(error)) from None
    if period is None:
        raise RmcExportError(no_period_message(code))
    return period


def _export_message(export, recipients):
    with export.file.open("rb") as file:
        content = file.read()
    return render_email(
        "monitoring/emails/rmc_export",
        {
            "export": export,
            "period": export.period,
            "built_at": timezone.localtime(export.built_at),
        },
        recipients,
        attachments=[(attachment_name(export.period), content, XLSX_CONTENT_TYPE)],
    )


def _record_build_error(period, error):
    """Keep the failure in the archive; a file built earlier stays as it was."""
    with transaction.atomic():
        export, _ = RmcExport.objects.select_for_update().get_or_create(
            period=period, defaults={"status": RmcExport.Status.FAILED}
        )
        if not export.checksum:
            export.status = RmcExport.Status.FAILED
        export.error = "Ошибка сборки: " + _error_text(error)
        export.save(update_fields=["status", "error"])


def _error_text(error):
    return f"{type(error).__name__}: {error}"[:ERROR_TEXT_LIMIT]

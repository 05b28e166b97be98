"""Admin for the export to the РМЦ: the РМЦ's forms and the archive of exports."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from moc_portal.core import outbox
from moc_portal.core.admin_locking import OptimisticLockAdmin
from moc_portal.core.records_admin import WrittenByThePortalAdmin
from moc_portal.core.text import number_ru
from moc_portal.core.uploads import upload_response

from ..models import ReportingPeriod, RmcExport, RmcForm
from ..permissions import can_manage_rmc_export
from ..selectors.aggregation import collect_period
from ..services import rmc
from ..tasks import export_to_rmc

PLACEHOLDER_HELP = (
    "В ячейках формы: {{код}} — итог по муниципалитету, {{код:tech}} — по направленности, "
    "{{код:target}} — целевое значение на год, {{period}} — «октябрь 2026», {{year}}, "
    "{{moc_name}}, {{municipality}}. Ячейка, где стоит только подстановка, получает число; "
    "подстановка внутри текста заменяется текстом. Оформление, формулы и объединённые "
    "ячейки формы сохраняются."
)


class RmcFormForm(forms.ModelForm):
    use_for_export = forms.BooleanField(
        label="Использовать для выгрузки",
        required=False,
        help_text="Выгрузка в РМЦ будет заполнять эту форму; другая форма перестанет "
        "использоваться. Без активной формы выгрузка строится по нашему макету.",
    )

    class Meta:
        model = RmcForm
        fields = ["name", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["use_for_export"].initial = self.instance.is_active
        self.fields["file"].help_text = PLACEHOLDER_HELP

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file and "file" in self.changed_data:
            errors = rmc.validate_rmc_form(file)
            if errors:
                raise ValidationError(errors)
        return file


def preview_period():
    """The period the preview fills the form for: the latest closed one, else the latest."""
    return ReportingPeriod.objects.filter(is_closed=True).first() or ReportingPeriod.objects.first()


@admin.register(RmcForm)
class RmcFormAdmin(OptimisticLockAdmin, admin.ModelAdmin):
    form = RmcFormForm
    list_display = ["name", "is_active", "uploaded_at"]
    readonly_fields = ["is_active", "uploaded_at", "preview"]
    fieldsets = [
        (None, {"fields": ["name", "file", "use_for_export", "is_active", "uploaded_at"]}),
        ("Предпросмотр", {"fields": ["preview"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.cleaned_data.get("use_for_export"):
            rmc.activate_rmc_form(obj)
        elif obj.is_active:
            rmc.activate_rmc_form(None)
        obj.refresh_from_db(fields=["is_active"])

    @admin.display(description="какие ячейки получат какие значения")
    def preview(self, obj):
        if obj is None or not obj.pk or not obj.file:
            return "Появится после загрузки формы."
        period = preview_period()
        if period is None:
            return "Отчётных периодов ещё нет: значения появятся с первым периодом."
        try:
            with obj.file.open("rb") as file:
                content = file.read()
        except OSError:
            return "Файл формы не найден в хранилище: загрузите его заново."
        problems = rmc.validate_rmc_form(content)
        rows = rmc.preview_rmc_form(content, collect_period(period))
        return format_html(
            "{}<p>Значения за {}:</p><table><thead><tr><th>Лист</th><th>Ячейка</th>"
            "<th>Подстановка</th><th>Значение</th></tr></thead><tbody>{}</tbody></table>",
            format_html(
                '<ul class="errorlist">{}</ul>',
                format_html_join("", "<li>{}</li>", ((problem,) for problem in problems)),
            )
            if problems
            else "",
            period.name,
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
                ((row.sheet, row.cell, row.placeholder, _shown(row.value)) for row in rows),
            ),
        )


def _shown(value):
    if value is None:
        return "— (пусто)"
    if isinstance(value, float):
        return number_ru(value)
    return value


@admin.register(RmcExport)
class RmcExportAdmin(WrittenByThePortalAdmin, admin.ModelAdmin):
    # The archive is written by the export itself: nobody adds, edits or deletes its rows.
    list_display = [
        "period",
        "status",
        "built_at",
        "sent_at",
        "attempts",
        "recipients",
        "error_excerpt",
        "download_link",
    ]
    list_filter = ["status"]
    list_select_related = ["period"]
    fields = [
        "period",
        "status",
        "download_link",
        "checksum",
        "form",
        "built_at",
        "sent_at",
        "recipients",
        "attempts",
        "error",
        "mail_state",
    ]
    readonly_fields = fields
    actions = ["resend", "rebuild"]

    def get_urls(self):
        download = path(
            "<int:pk>/download/",
            self.admin_site.admin_view(self.download_view),
            name="monitoring_rmcexport_download",
        )
        return [download, *super().get_urls()]

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or can_manage_rmc_export(request.user)

    def has_manage_rmc_export_permission(self, request):
        return can_manage_rmc_export(request.user)

    @admin.display(description="письмо в РМЦ")
    def mail_state(self, export):
        mail = outbox.mail_for(rmc.export_mail_key(export)) if export.attempts else None
        return outbox.describe(mail) if mail else "—"

    @admin.display(description="ошибка")
    def error_excerpt(self, export):
        return Truncator(export.error).chars(80)

    @admin.display(description="файл")
    def download_link(self, export):
        if not export.file:
            return "—"
        url = reverse("admin:monitoring_rmcexport_download", args=[export.pk])
        return format_html('<a href="{}">{}</a>', url, rmc.attachment_name(export.period))

    def download_view(self, request, pk):
        export = get_object_or_404(RmcExport.objects.select_related("period"), pk=pk)
        if not self.has_view_permission(request, export):
            raise PermissionDenied
        if not export.file:
            raise Http404("Файл выгрузки ещё не сформирован.")
        return upload_response(export.file, rmc.attachment_name(export.period))

    @admin.action(description="Отправить повторно", permissions=["manage_rmc_export"])
    def resend(self, request, queryset):
        """The built file's mail goes to the outbox here (no broker, no mail server)."""
        queued, failed = [], []
        for export in queryset.select_related("period"):
            try:
                rmc.send_export(export, force=True)
            except rmc.RmcExportError as error:
                failed.append(f"{export.period}: {error}")
            else:
                queued.append(str(export.period))
        if queued:
            messages.success(
                request,
                f"Письмо с выгрузкой поставлено в «Исходящие письма»: {', '.join(queued)}.",
            )
        if failed:
            messages.error(request, "Не получилось: " + "; ".join(failed))

    @admin.action(description="Пересобрать", permissions=["manage_rmc_export"])
    def rebuild(self, request, queryset):
        self._queue(request, queryset, "Выгрузка формируется заново", force=True, send=False)

    def _queue(self, request, queryset, started, **options):
        queued, failed = [], []
        for export in queryset.select_related("period"):
            try:
                export_to_rmc.delay(export.period_id, **options)
            except Exception as error:  # without a broker the task runs here and may fail
                reason = getattr(error, "exc", None) or error  # a Retry carries the cause
                failed.append(f"{export.period}: {reason}")
            else:
                queued.append(str(export.period))
        if queued:
            messages.success(request, f"{started}: {', '.join(queued)}. Итог — в колонке «статус».")
        if failed:
            messages.error(request, "Не получилось: " + "; ".join(failed))

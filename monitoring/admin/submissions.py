"""Admin for collection: reporting periods and the organizations' submissions."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html

from moc_portal.core.admin_locking import OptimisticLockAdmin, OptimisticLockInline
from moc_portal.core.history_admin import ReadOnlyHistoryInline

from ..models import MonthlyReport, ReportingPeriod, Submission, SubmissionEvent, Value
from ..selectors.locking import entry_lock
from ..services.periods import close_period, reopen_period
from ..services.submissions import (
    entry_indicators,
    key_code,
    record_correction,
    validate_figures,
)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(OptimisticLockAdmin, admin.ModelAdmin):
    list_display = ["__str__", "deadline", "is_closed", "sent_count", "dashboard_link"]
    list_filter = ["year", "is_closed"]
    readonly_fields = ["is_closed", "closed_at"]
    actions = ["close_selected", "reopen_selected"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                sent=Count(
                    "submissions",
                    filter=Q(submissions__status__in=Submission.SENT_STATUSES),
                )
            )
        )

    @admin.display(description="сдали", ordering="sent")
    def sent_count(self, period):
        return period.sent

    @admin.display(description="панель")
    def dashboard_link(self, period):
        return format_html('<a href="{}">Открыть</a>', period.get_absolute_url())

    # Closing and reopening change what every report of the period says: methodists only
    # (coordinators view periods, they do not change them).
    @admin.action(
        description="Закрыть период (зафиксировать данные каталога)", permissions=["change"]
    )
    def close_selected(self, request, queryset):
        for period in queryset.filter(is_closed=False):
            close_period(period)
        messages.success(request, "Выбранные периоды закрыты.")

    @admin.action(description="Открыть период заново", permissions=["change"])
    def reopen_selected(self, request, queryset):
        for period in queryset.filter(is_closed=True):
            reopen_period(period)
        messages.success(
            request,
            "Выбранные периоды открыты. Снимок данных каталога на дату закрытия сохранён; "
            "пока период открыт, отчёты считают каталог заново, а при новом закрытии снимок "
            "заменится текущими данными.",
        )


class ValueFormSet(BaseInlineFormSet):
    """The figures as a whole go through the same checks as the form and the Excel upload:
    one broken rule and nothing is saved."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        lock = entry_lock(self.instance.organization_id, self.instance.period)
        if lock and self.has_changed():
            raise ValidationError(lock)
        figures, names = {}, {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or data.get("value") is None:
                continue
            indicator, direction = data["indicator"], data.get("direction")
            key = (indicator.code, direction.code if direction else None)
            figures[key] = data["value"]
            # Errors name the figure as staff read it, never by its code.
            names[key] = f"«{indicator.name}»" + (
                f", {direction.name.lower()} направленность" if direction else ""
            )
        submission = self.instance
        errors = validate_figures(
            figures,
            entry_indicators(submission.period),
            require_all=submission.status in Submission.SENT_STATUSES,
            check_rules=True,
        )
        if errors:
            raise ValidationError(
                [f"{names.get(e.key) or key_code(e.key)}: {e.message}" for e in errors]
            )


class ValueInline(OptimisticLockInline, admin.TabularInline):
    model = Value
    formset = ValueFormSet
    extra = 0
    fields = ["indicator", "direction", "value", "explanation"]
    autocomplete_fields = ["indicator"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator", "direction")


class SubmissionEventInline(ReadOnlyHistoryInline):
    model = SubmissionEvent
    fields = ["at", "kind", "user", "on_behalf", "comment"]
    verbose_name_plural = "история отчёта"


@admin.register(Submission)
class SubmissionAdmin(OptimisticLockAdmin, admin.ModelAdmin):
    list_display = ["organization", "period", "status", "submitted_at", "reviewed_at", "form_link"]
    list_filter = ["status", "period"]
    search_fields = ["organization__short_name", "organization__full_name"]
    list_select_related = ["organization", "period"]
    readonly_fields = [
        "organization",
        "period",
        "status",
        "version",
        "saved_by",
        "saved_at",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
    ]
    fields = [*readonly_fields, "return_comment"]
    inlines = [ValueInline, SubmissionEventInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if any(formset.has_changed() for formset in formsets if formset.model is Value):
            record_correction(form.instance, request.user)

    def has_add_permission(self, request):
        return False  # figures are entered through the organization's form or template

    @admin.display(description="форма")
    def form_link(self, submission):
        return format_html(
            '<a href="{}">Открыть форму</a>',
            reverse(
                "monitoring:submission",
                kwargs={
                    "period": submission.period.code,
                    "organization": submission.organization.slug,
                },
            ),
        )


@admin.register(MonthlyReport)
class MonthlyReportAdmin(admin.ModelAdmin):
    list_display = ["period", "status", "progress", "requested_by", "requested_at", "finished_at"]
    list_filter = ["status"]
    list_select_related = ["period", "requested_by"]
    readonly_fields = [
        "period",
        "status",
        "progress",
        "file",
        "requested_by",
        "requested_at",
        "finished_at",
        "error",
    ]

    def has_add_permission(self, request):
        return False

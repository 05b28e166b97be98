"""Admin for collection: reporting periods and the organizations' submissions."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html

from ..models import MonthlyReport, ReportingPeriod, Submission, Value
from ..services.periods import close_period, reopen_period


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
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

    @admin.action(description="Закрыть период (зафиксировать данные каталога)")
    def close_selected(self, request, queryset):
        for period in queryset.filter(is_closed=False):
            close_period(period)
        messages.success(request, "Выбранные периоды закрыты.")

    @admin.action(description="Открыть период заново")
    def reopen_selected(self, request, queryset):
        for period in queryset.filter(is_closed=True):
            reopen_period(period)
        messages.success(request, "Выбранные периоды открыты.")


class ValueInline(admin.TabularInline):
    model = Value
    extra = 0
    fields = ["indicator", "direction", "value"]
    readonly_fields = ["indicator", "direction", "value"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator", "direction")


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
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
    inlines = [ValueInline]

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

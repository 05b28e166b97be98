"""Admin for what is measured: indicators, targets, yearly municipal figures."""

from django.contrib import admin

from moc_portal.core.admin_locking import OptimisticLockAdmin, OptimisticLockInline
from moc_portal.core.history_admin import ScopedHistoryAdmin
from moc_portal.core.singletons_admin import SingletonAdmin

from ..models import (
    Indicator,
    MonitoringSettings,
    MunicipalFigure,
    RuleTerm,
    Target,
    ValidationRule,
)


class TargetInline(OptimisticLockInline, admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(OptimisticLockAdmin, ScopedHistoryAdmin):
    list_display = [
        "code",
        "name",
        "unit",
        "group",
        "order",
        "source",
        "aggregation",
        "by_direction",
        "is_whole",
        "is_required",
        "is_key",
        "active_from",
        "active_to",
    ]
    list_editable = ["order", "is_key"]
    list_filter = ["group", "source", "aggregation", "by_direction", "is_required", "is_key"]
    search_fields = ["code", "name", "description"]
    autocomplete_fields = ["numerator", "denominator", "part_of"]
    inlines = [TargetInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "unit", "group", "order", "description"]}),
        (
            "Как считается",
            {
                "fields": [
                    "source",
                    "catalogue_metric",
                    "survey_metric",
                    "aggregation",
                    ("numerator", "denominator", "ratio_scale"),
                    "part_of",
                    "by_direction",
                    "is_whole",
                ]
            },
        ),
        ("Сбор", {"fields": ["is_required", "is_key", ("active_from", "active_to")]}),
    ]


@admin.register(Target)
class TargetAdmin(OptimisticLockAdmin, admin.ModelAdmin):
    list_display = ["indicator", "year", "value"]
    list_filter = ["year"]
    autocomplete_fields = ["indicator"]
    list_select_related = ["indicator"]


@admin.register(MunicipalFigure)
class MunicipalFigureAdmin(OptimisticLockAdmin, admin.ModelAdmin):
    list_display = ["indicator", "year", "value"]
    list_filter = ["year"]
    list_select_related = ["indicator"]


@admin.register(MonitoringSettings)
class MonitoringSettingsAdmin(OptimisticLockAdmin, SingletonAdmin):
    fields = ["rmc_emails", "reminder_days_before", "change_warning_percent"]


class RuleTermInline(OptimisticLockInline, admin.TabularInline):
    model = RuleTerm
    extra = 0
    min_num = 2
    fields = ["side", "indicator", "scope", "direction"]
    autocomplete_fields = ["indicator"]


@admin.register(ValidationRule)
class ValidationRuleAdmin(OptimisticLockAdmin, admin.ModelAdmin):
    """Rules between indicators: both sides are sums of terms; a report that breaks an active
    rule cannot be sent, and the Excel upload and the admin refuse it too."""

    list_display = ["name", "terms_text", "message_text", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "message", "terms__indicator__name", "terms__indicator__code"]
    fields = ["name", "operator", "message", "message_text", "is_active"]
    readonly_fields = ["message_text"]
    inlines = [RuleTermInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.prefetch_related("terms__indicator", "terms__direction")

    @admin.display(description="правило")
    def terms_text(self, rule):
        terms = list(rule.terms.all())
        left = " + ".join(str(t) for t in terms if t.side == RuleTerm.Side.LEFT)
        right = " + ".join(str(t) for t in terms if t.side == RuleTerm.Side.RIGHT)
        sign = "=" if rule.operator == ValidationRule.Operator.EQUAL else "≤"
        return f"{left} {sign} {right}"

    @admin.display(description="организация увидит")
    def message_text(self, rule):
        return rule.message_example if rule.pk or rule.message else "—"

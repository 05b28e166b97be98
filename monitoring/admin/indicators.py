"""Admin for what is measured: indicators, targets, yearly municipal figures."""

from django.contrib import admin

from moc_portal.core.singletons_admin import SingletonAdmin

from ..models import Indicator, MonitoringSettings, MunicipalFigure, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "unit",
        "group",
        "order",
        "source",
        "aggregation",
        "by_direction",
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
                    "aggregation",
                    ("numerator", "denominator", "ratio_scale"),
                    "part_of",
                    "by_direction",
                ]
            },
        ),
        ("Сбор", {"fields": ["is_required", "is_key", ("active_from", "active_to")]}),
    ]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["indicator", "year", "value"]
    list_filter = ["year"]
    autocomplete_fields = ["indicator"]
    list_select_related = ["indicator"]


@admin.register(MunicipalFigure)
class MunicipalFigureAdmin(admin.ModelAdmin):
    list_display = ["indicator", "year", "value"]
    list_filter = ["year"]
    list_select_related = ["indicator"]


@admin.register(MonitoringSettings)
class MonitoringSettingsAdmin(SingletonAdmin):
    fields = ["rmc_emails", "reminder_days_before"]

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from .core.singletons_admin import SingletonAdmin
from .models import ConsentRecord, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(SimpleHistoryAdmin, SingletonAdmin):
    """One row of settings: the list opens the row itself; it can't be added twice or deleted."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (
            "О центре",
            {
                "fields": (
                    "moc_name",
                    "municipality",
                    "base_organization",
                    "created_on",
                    "coordinators",
                )
            },
        ),
        ("Контакты", {"fields": ("address", "phone", "email", "working_hours")}),
        ("Навигатор", {"fields": ("navigator_base_url",)}),
        ("Загрузка файлов", {"fields": ("max_upload_mb",)}),
        (
            "Персональные данные (152-ФЗ)",
            {"fields": ("consent_text", "privacy_policy", "personal_data_retention_days")},
        ),
        ("Страница «О центре»", {"fields": ("about_text",)}),
    )


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    """Evidence of consent: read-only for everyone, never edited by hand."""

    list_display = ["accepted_at", "purpose", "text_version", "ip_address"]
    list_filter = ["purpose", "text_version"]
    date_hierarchy = "accepted_at"
    readonly_fields = ["purpose", "text", "text_version", "accepted_at", "ip_address"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

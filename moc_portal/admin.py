from django.contrib import admin
from django.db import models

from .core.history_admin import ScopedHistoryAdmin
from .core.singletons_admin import SingletonAdmin
from .models import ConsentRecord, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(ScopedHistoryAdmin, SingletonAdmin):
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


# --- Third-party admins whose actions declare no permission (issue 9: every action does) ---


def _declaring(function, *permissions):
    """`function` (an admin action) that the admin offers only to holders of `permissions`."""

    def action(modeladmin, request, queryset):
        return function(modeladmin, request, queryset)

    action.__name__ = function.__name__
    action.short_description = getattr(function, "short_description", function.__name__)
    action.allowed_permissions = permissions
    return action


def _redeclare_actions(model, admin_class, permissions):
    """Re-register `model` with a subclass of its admin whose actions declare `permissions`."""
    declared = {
        name: _declaring(getattr(admin_class, name), *permissions) for name in admin_class.actions
    }
    admin.site.unregister(model)
    admin.site.register(model, type(admin_class.__name__, (admin_class,), declared))


def _declare_third_party_actions():
    from axes.admin import AccessAttemptAdmin
    from axes.models import AccessAttempt
    from django_celery_beat.admin import PeriodicTaskAdmin
    from django_celery_beat.models import PeriodicTask

    _redeclare_actions(AccessAttempt, AccessAttemptAdmin, ("delete",))
    _redeclare_actions(PeriodicTask, PeriodicTaskAdmin, ("change",))


_declare_third_party_actions()

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse

from .models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
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
        ("РМЦ и мониторинг", {"fields": ("rmc_emails", "reminder_days_before")}),
        ("Страница «О центре»", {"fields": ("about_text",)}),
    )

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        settings = SiteSettings.load()
        return redirect(reverse("admin:moc_portal_sitesettings_change", args=[settings.pk]))

"""Organizations in the admin; representatives see only their own."""

from django.contrib import admin
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html

from moc_portal.core.addresses import public_link
from moc_portal.core.admin_locking import OptimisticLockAdmin
from moc_portal.core.admin_scoping import OrganizationScopedAdmin
from moc_portal.core.history_admin import ScopedHistoryAdmin
from moc_portal.core.maps import PointPickerAdmin

from ..models import (
    Organization,
    Place,
    Program,
    Settlement,
)
from ..permissions import managed_organizations
from ..services import save_organization
from ..services.export_rows import organization_rows
from .shared import OrganizationAdminForm, SpreadsheetTransfer


@admin.register(Organization)
class OrganizationAdmin(
    PointPickerAdmin,
    OptimisticLockAdmin,
    OrganizationScopedAdmin,
    SpreadsheetTransfer,
    ScopedHistoryAdmin,
):
    export_rows = staticmethod(organization_rows)
    export_title = "Организации"
    form = OrganizationAdminForm
    list_display = (
        "short_name",
        "kind",
        "settlement",
        "locality",
        "published_programs",
        "is_active",
        "public_page",
    )
    list_filter = ("kind", "department", "locality", "is_active")
    search_fields = ("short_name", "full_name", "inn", "settlement__name")
    search_help_text = "Краткое или полное наименование, ИНН, населённый пункт."
    # Explicit: Meta.ordering is not applied to the annotated (GROUP BY) queryset,
    # and the autocomplete paginates it.
    ordering = ("short_name",)
    prepopulated_fields = {"slug": ("short_name",)}
    filter_horizontal = ("representatives",)
    readonly_fields = ("updated_at",)
    # Addresses typed without a scheme are https ones (and Django 6 will assume so anyway).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    save_on_top = True
    organizations_of = staticmethod(managed_organizations)
    organization_lookup = "pk"
    # Representatives neither pick colleagues nor see the list of all users.
    readonly_when_scoped = ("representatives",)
    fieldsets = (
        (
            "Основное",
            {
                "fields": (
                    "short_name",
                    "full_name",
                    "slug",
                    ("kind", "department"),
                    "head_name",
                    "description",
                    "logo",
                    "is_active",
                )
            },
        ),
        (
            "Контакты",
            {
                "fields": (
                    "address",
                    ("settlement", "locality"),
                    ("latitude", "longitude"),
                    "phone",
                    "email",
                    "website",
                )
            },
        ),
        ("Реквизиты", {"fields": (("inn", "ogrn"),)}),
        (
            "Представители",
            {
                "fields": ("representatives",),
                "description": (
                    "Представитель видит в разделе «Программы» только программы своих "
                    "организаций. Методисты и координаторы видят все."
                ),
            },
        ),
        ("Служебное", {"fields": ("updated_at",), "classes": ("collapse",)}),
    )

    list_select_related = ("settlement",)
    autocomplete_fields = ("settlement",)

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .annotate(
                published_program_count=Count(
                    "programs", filter=Q(programs__status=Program.Status.PUBLISHED)
                )
            )
        )
        return queryset  # scoped by the mixin; that also limits the program form's autocomplete

    def save_model(self, request, obj, form, change):
        save_organization(obj)

    @admin.display(description="опубликовано программ", ordering="published_program_count")
    def published_programs(self, obj):
        url = reverse("admin:programs_program_changelist")
        return format_html(
            '<a href="{}?organization__id__exact={}&amp;status__exact={}">{}</a>',
            url,
            obj.pk,
            Program.Status.PUBLISHED,
            obj.published_program_count,
        )

    @admin.display(description="на сайте")
    def public_page(self, obj):
        return public_link(self.view_on_site(obj))

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_active else None


@admin.register(Settlement)
class SettlementAdmin(OptimisticLockAdmin, admin.ModelAdmin):
    list_display = ("name", "slug", "organization_count")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(organization_total=Count("organizations"))

    @admin.display(description="организаций", ordering="organization_total")
    def organization_count(self, obj):
        return obj.organization_total


@admin.register(Place)
class PlaceAdmin(OptimisticLockAdmin, PointPickerAdmin, OrganizationScopedAdmin, admin.ModelAdmin):
    """Places of study: an organization's buildings where its programs meet."""

    list_display = ("address", "name", "organization", "settlement", "has_point")
    list_select_related = ("organization", "settlement")
    list_filter = ("settlement",)
    search_fields = ("address", "name", "organization__short_name")
    search_help_text = "Адрес, название или организация."
    autocomplete_fields = ("organization", "settlement")
    organizations_of = staticmethod(managed_organizations)
    scoped_foreign_keys = ("organization",)
    fields = (
        "organization",
        "name",
        "address",
        "settlement",
        ("latitude", "longitude"),
    )

    @admin.display(description="есть точка на карте", boolean=True)
    def has_point(self, obj):
        return obj.has_point

"""The methodists' workplace for events, news, documents and the media plan.

Buttons call the services (publish, fill from events, Excel, publish as a document), and
the forms save through them too (events.services.saving keeps what each row derives).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse

from moc_portal.core.addresses import AutoSlugForm, public_link
from moc_portal.core.admin_locking import OptimisticLockAdmin, OptimisticLockInline
from moc_portal.core.admin_reason import return_with_reason
from moc_portal.core.admin_scoping import OrganizationScopedAdmin
from moc_portal.core.richtext import RICH_TEXT_IN_ADMIN
from moc_portal.core.spreadsheets import XLSX_CONTENT_TYPE
from moc_portal.core.text import plural
from moc_portal.core.uploads import attachment_response
from programs.permissions import managed_organizations

from .models import Document, Event, MediaPlan, MediaPlanRow, NewsItem
from .permissions import can_publish, can_publish_documents
from .services import mediaplan as mediaplan_service
from .services.publishing import publish_events, publish_news, return_events
from .services.saving import save_document, save_event, save_mediaplan_row

URLS_AS_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class EventAdminForm(AutoSlugForm):
    slug_source = "title"


class NewsAdminForm(AutoSlugForm):
    slug_source = "title"


@admin.register(Event)
class EventAdmin(OptimisticLockAdmin, OrganizationScopedAdmin, admin.ModelAdmin):
    form = EventAdminForm
    organizations_of = staticmethod(managed_organizations)
    organization_lookup = "organizer"
    list_display = ("title", "kind", "starts_on", "organizer", "audience", "status", "page")
    list_filter = ("status", "kind", "audience", "level", "direction")
    search_fields = ("title", "summary", "venue")
    date_hierarchy = "starts_on"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("organizer",)
    readonly_fields = ("proposed_by", "return_reason", "created_at", "updated_at")
    formfield_overrides = {**URLS_AS_HTTPS, **RICH_TEXT_IN_ADMIN}
    actions = ("publish", "return_for_rework")
    save_on_top = True
    fieldsets = (
        (
            "Основное",
            {
                "fields": (
                    "title",
                    "slug",
                    ("kind", "level"),
                    ("audience", "direction"),
                    ("age_min", "age_max"),
                    "organizer",
                    "status",
                )
            },
        ),
        (
            "Когда и где",
            {
                "fields": (
                    ("starts_on", "starts_time"),
                    ("ends_on", "ends_time"),
                    "venue",
                    "online_url",
                )
            },
        ),
        (
            "Описание",
            {"fields": ("summary", "description", "regulations", "registration_url", "results")},
        ),
        (
            "Служебное",
            {"fields": ("proposed_by", "return_reason", "created_at", "updated_at")},
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organizer")

    def has_add_permission(self, request):
        # Representatives propose through /events/propose/, which puts the event to moderation.
        return super().has_add_permission(request) and can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_publish(request.user)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "ends_on" in form.base_fields:
            form.base_fields["ends_on"].required = False
        return form

    @admin.display(description="на сайте")
    def page(self, event):
        return public_link(event.get_absolute_url() if event.is_public else None)

    @admin.action(description="Опубликовать выбранные мероприятия", permissions=["publish"])
    def publish(self, request, queryset):
        count = publish_events(queryset)
        messages.success(
            request, f"Опубликовано: {plural(count, 'мероприятие', 'мероприятия', 'мероприятий')}."
        )

    @admin.action(description="Вернуть на доработку с комментарием", permissions=["publish"])
    def return_for_rework(self, request, queryset):
        waiting = queryset.filter(status=Event.Status.MODERATION)
        if not waiting.exists():
            messages.info(request, "Вернуть на доработку можно только мероприятия на модерации.")
            return None
        return return_with_reason(
            self,
            request,
            waiting,
            title="Вернуть мероприятия на доработку",
            send_back=return_events,
            done=lambda count: (
                "Возвращено на доработку: "
                f"{plural(count, 'мероприятие', 'мероприятия', 'мероприятий')}. "
                "Предложившие получат комментарий по электронной почте."
            ),
        )

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def save_model(self, request, obj, form, change):
        if not change and obj.proposed_by is None:
            obj.proposed_by = request.user
        save_event(obj)  # what ModelAdmin.save_model does, with the calendar version kept


@admin.register(NewsItem)
class NewsItemAdmin(OptimisticLockAdmin, admin.ModelAdmin):
    form = NewsAdminForm
    list_display = ("title", "published_at", "status", "page")
    list_filter = ("status",)
    search_fields = ("title", "lead")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    formfield_overrides = RICH_TEXT_IN_ADMIN
    actions = ("publish",)
    fields = ("title", "slug", "lead", "body", "image", "image_alt", "published_at", "status")

    @admin.display(description="на сайте")
    def page(self, item):
        return public_link(
            item.get_absolute_url() if item.status == item.Status.PUBLISHED else None
        )

    @admin.action(description="Опубликовать выбранные новости", permissions=["change"])
    def publish(self, request, queryset):
        count = publish_news(queryset)
        messages.success(
            request, f"Опубликовано: {plural(count, 'новость', 'новости', 'новостей')}."
        )


@admin.register(Document)
class DocumentAdmin(OptimisticLockAdmin, admin.ModelAdmin):
    list_display = ("title", "category", "number", "signed_on", "status", "published_at", "size")
    list_filter = ("category", "status")
    search_fields = ("title", "number")
    readonly_fields = ("media_plan",)
    fields = (
        "title",
        "category",
        ("number", "signed_on"),
        "file",
        "status",
        "published_at",
        "media_plan",
    )

    @admin.display(description="размер")
    def size(self, document):
        return document.size_text

    def save_model(self, request, obj, form, change):
        save_document(obj)


class MediaPlanRowInline(OptimisticLockInline, admin.StackedInline):
    """A row has eleven fields: stacked in four lines, a plan fits 1280 px and a phone."""

    model = MediaPlanRow
    extra = 1
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("date_from", "date_to", "status"),
                    ("topic", "event"),
                    ("format", "channel", "channel_other"),
                    ("responsible", "url", "reach"),
                )
            },
        ),
    )
    autocomplete_fields = ("event",)
    formfield_overrides = URLS_AS_HTTPS


@admin.register(MediaPlan)
class MediaPlanAdmin(OptimisticLockAdmin, admin.ModelAdmin):
    list_display = ("__str__", "status", "agreed_on", "sent_on", "row_count", "updated_at")
    list_filter = ("status", "period_kind", "year")
    inlines = (MediaPlanRowInline,)
    change_form_template = "admin/events/mediaplan/change_form.html"
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("year", "period_kind", "number"),
                    "status",
                    ("agreed_on", "sent_on"),
                    "notes",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(rows_total=models.Count("rows"))

    def save_formset(self, request, form, formset, change):
        if formset.model is not MediaPlanRow:
            return super().save_formset(request, form, formset, change)
        rows = formset.save(commit=False)
        for row in formset.deleted_objects:
            row.delete()
        for row in rows:
            save_mediaplan_row(row)
        return None

    @admin.display(description="строк", ordering="rows_total")
    def row_count(self, plan):
        return plan.rows_total

    def get_urls(self):
        own = [
            path(
                "<int:pk>/fill/",
                self.admin_site.admin_view(self.fill_view),
                name="events_mediaplan_fill",
            ),
            path(
                "<int:pk>/xlsx/",
                self.admin_site.admin_view(self.xlsx_view),
                name="events_mediaplan_xlsx",
            ),
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="events_mediaplan_publish",
            ),
        ]
        return own + super().get_urls()

    def _plan(self, request, pk, *, change):
        plan = get_object_or_404(MediaPlan, pk=pk)
        allowed = (
            self.has_change_permission(request, plan)
            if change
            else self.has_view_or_change_permission(request, plan)
        )
        if not allowed:
            raise PermissionDenied
        return plan

    def _back(self, plan):
        return redirect(reverse("admin:events_mediaplan_change", args=[plan.pk]))

    def fill_view(self, request, pk):
        plan = self._plan(request, pk, change=True)
        if request.method != "POST":
            return self._back(plan)
        responsible = request.user.get_full_name() or request.user.get_username()
        added = mediaplan_service.fill_from_events(plan, responsible=responsible)
        if added:
            messages.success(
                request,
                f"Добавлено {plural(added, 'строка', 'строки', 'строк')} по мероприятиям периода.",
            )
        else:
            messages.info(
                request, "Новых опубликованных мероприятий за период нет: строки не добавлены."
            )
        return self._back(plan)

    def xlsx_view(self, request, pk):
        plan = self._plan(request, pk, change=False)
        return attachment_response(
            mediaplan_service.build_mediaplan_xlsx(plan),
            mediaplan_service.mediaplan_filename(plan),
            XLSX_CONTENT_TYPE,
        )

    def publish_view(self, request, pk):
        plan = self._plan(request, pk, change=True)
        if request.method != "POST":
            return self._back(plan)
        if not can_publish_documents(request.user):
            raise PermissionDenied
        try:
            document = mediaplan_service.publish_as_document(plan)
        except mediaplan_service.MediaPlanError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, f"Медиаплан опубликован в разделе «Документы»: {document.title}."
            )
        return self._back(plan)

"""Programs in the admin: filters, schedule inline, moderation, publish and archive."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models
from django.db.models.functions import Coalesce
from django.template.defaultfilters import floatformat

from moc_portal.core.addresses import public_link
from moc_portal.core.admin_locking import OptimisticLockAdmin, OptimisticLockInline
from moc_portal.core.admin_reason import ask_reason
from moc_portal.core.admin_scoping import OrganizationScopedAdmin
from moc_portal.core.history_admin import ScopedHistoryAdmin
from moc_portal.core.search_text import normalize_search_text

from ..closed_lists import PAYMENT_FIELDS, PAYMENT_LABELS
from ..models import (
    EnrolmentWatch,
    Place,
    Program,
    ScheduleSlot,
)
from ..moderation import descriptive_fields, needs_review, status_after_save
from ..permissions import can_publish, managed_organizations
from ..selectors.revisions import latest_returned, pending_revision, revision_diff, stored_value
from ..services import delete_program, delete_programs, save_program, set_program_status
from ..services.export_rows import program_rows
from ..services.revisions import propose_changes
from ..services.revisions import return_for_rework as return_programs
from .shared import ProgramAdminForm, SpreadsheetTransfer


class PaymentFilter(admin.SimpleListFilter):
    title = "оплата"
    parameter_name = "payment"

    def lookups(self, request, model_admin):
        return [(code, PAYMENT_LABELS[code]) for code in PAYMENT_FIELDS]

    def queryset(self, request, queryset):
        field = PAYMENT_FIELDS.get(self.value())
        return queryset.filter(**{field: True}) if field else queryset


class ScheduleSlotInline(OptimisticLockInline, admin.TabularInline):
    model = ScheduleSlot
    extra = 1
    fields = ("weekday", "starts_at", "ends_at", "group_name")


@admin.register(Program)
class ProgramAdmin(
    OptimisticLockAdmin, OrganizationScopedAdmin, SpreadsheetTransfer, ScopedHistoryAdmin
):
    export_rows = staticmethod(program_rows)
    export_title = "Программы"
    form = ProgramAdminForm
    list_display = (
        "title",
        "organization",
        "direction",
        "level_names",
        "ages",
        "payment",
        "status",
        "enrolment_state",
        "waiting_parents",
        "updated_at",
        "public_page",
    )
    list_select_related = ("organization", "direction")
    list_filter = (
        "direction",
        "levels",
        "status",
        ("organization", admin.RelatedOnlyFieldListFilter),
        PaymentFilter,
        "is_ovz_adapted",
        "is_network",
        "study_form",
    )
    # search_text holds the title, annotation and organization names in lower case with ё→е:
    # it finds Cyrillic regardless of case on SQLite too, whose LIKE folds ASCII only.
    search_fields = ("title", "organization__short_name", "navigator_id", "search_text")
    search_help_text = "Название, организация, слова из аннотации или id в Навигаторе."
    autocomplete_fields = ("organization",)
    prepopulated_fields = {"slug": ("title",)}
    # The Навигатор's link typed without a scheme is an https one.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ("created_at", "updated_at")
    inlines = (ScheduleSlotInline,)
    actions = ("publish", "return_for_rework", "archive")
    save_on_top = True
    organizations_of = staticmethod(managed_organizations)
    scoped_foreign_keys = ("organization",)
    fieldsets = (
        (
            "Основное",
            {"fields": ("title", "slug", "organization", "direction", "levels", "status")},
        ),
        (
            "Кому и как",
            {
                "fields": (
                    ("age_min", "age_max"),
                    "study_form",
                    "uses_distance_technologies",
                    "is_network",
                    ("duration_months", "hours_per_year"),
                )
            },
        ),
        ("ОВЗ", {"fields": ("is_ovz_adapted", "disability_types")}),
        (
            "Оплата",
            {"fields": ("is_free", "accepts_certificate", "is_paid", "price_per_month")},
        ),
        (
            "Описание",
            {
                "fields": (
                    "annotation",
                    "goals",
                    "expected_results",
                    "teachers",
                    "places",
                    "photo",
                    "photo_alt",
                )
            },
        ),
        (
            "Запись",
            {
                "fields": (
                    "enrollment_open",
                    ("enrollment_from", "enrollment_to"),
                    ("places_total", "places_available"),
                    "navigator_id",
                    "navigator_url",
                )
            },
        ),
        (
            "Сертификат ПФДО",
            {
                "fields": (
                    ("certificate_cost", "normative_cost"),
                    ("cost_months", "cost_hours"),
                ),
                "description": "Как в реестре ПФДО: стоимость программы или модуля, "
                "нормативная стоимость, за сколько месяцев и часов.",
            },
        ),
        ("Служебное", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        waiting = EnrolmentWatch.objects.waiting().count_per_program()
        return (
            super()
            .get_queryset(request)
            .prefetch_related("levels")
            .annotate(waiting=Coalesce(waiting, 0))
        )

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, normalize_search_text(search_term))

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        # A representative's edit goes to moderation (programs.moderation); the status is
        # the methodist's to set.
        return readonly if can_publish(request.user) else (*readonly, "status")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        program = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if program is not None:
            pending = pending_revision(program)
            context.update(
                pending_revision=pending,
                pending_rows=revision_diff(pending) if pending else [],
                returned_revision=latest_returned(program),
            )
        return super().change_view(request, object_id, form_url, context)

    def save_model(self, request, obj, form, change):
        stored = Program.objects.filter(pk=obj.pk).first() if change else None
        obj._proposal = {}
        if stored is not None and needs_review(request.user, stored.status):
            # Descriptive changes of a published program wait for a methodist as a revision;
            # the operational ones (programs.moderation.OPERATIONAL_FIELDS) go live now.
            descriptive = set(descriptive_fields())
            for name in form.changed_data:
                if name not in descriptive:
                    continue
                field = Program._meta.get_field(name)
                if field.many_to_many:
                    obj._proposal[name] = stored_value(obj, name, form.cleaned_data[name])
                    continue
                if name == "photo" and obj.photo and not obj.photo._committed:
                    field.pre_save(obj, False)  # kept in storage until the decision
                obj._proposal[name] = stored_value(obj, name)
                setattr(obj, field.attname, getattr(stored, field.attname))
        obj.status = status_after_save(
            request.user,
            obj,
            is_new=not change,
            changed=form.has_changed(),
            stored_status=stored.status if stored else None,
        )
        if obj._proposal and not set(form.changed_data) - set(obj._proposal):
            obj._change_reason = "Правка отправлена на проверку"
        save_program(obj)

    def save_related(self, request, form, formsets, change):
        proposal = getattr(form.instance, "_proposal", None)
        if proposal:
            # The published levels and ОВЗ types stay until the revision is approved.
            for name in proposal:
                if name in form.cleaned_data and Program._meta.get_field(name).many_to_many:
                    form.cleaned_data[name] = getattr(form.instance, name).all()
        super().save_related(request, form, formsets, change)
        if proposal:
            propose_changes(form.instance, proposal, request.user)
            self.message_user(
                request,
                "Изменения описания отправлены методисту на проверку: до его решения на сайте "
                "прежний текст. Свободные места, запись и расписание уже обновлены.",
                messages.INFO,
            )

    def delete_model(self, request, obj):
        delete_program(obj)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "places":
            # The places of the person's organizations only (all of them for methodists).
            places = Place.objects.select_related("organization")
            organizations = self.managed_organizations(request)
            if organizations is not None:
                places = places.filter(organization__in=organizations.values("pk"))
            kwargs["queryset"] = places
        if db_field.name in ("levels", "disability_types"):
            kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public else None

    @admin.display(description="уровни")
    def level_names(self, obj):
        return ", ".join(level.name for level in obj.levels.all()) or "—"

    @admin.display(description="возраст, лет", ordering="age_min")
    def ages(self, obj):
        return f"{obj.age_min}–{obj.age_max}"

    @admin.display(description="оплата")
    def payment(self, obj):
        labels = []
        for code, label in zip(obj.payment_codes, obj.payment_labels, strict=True):
            if code == "paid" and obj.price_per_month:
                label = f"{label}, {floatformat(obj.price_per_month, '-2g')} ₽/мес."
            labels.append(label)
        return "; ".join(labels)

    @admin.display(description="запись")
    def enrolment_state(self, obj):
        return obj.enrolment.label

    @admin.display(description="ждут записи", ordering="waiting")
    def waiting_parents(self, obj):
        """Parents who confirmed «Сообщить, когда откроется запись» and wait (unmet demand)."""
        return getattr(obj, "waiting", 0) or "—"

    @admin.display(description="на сайте")
    def public_page(self, obj):
        return public_link(self.view_on_site(obj))

    @admin.action(description="Опубликовать", permissions=["publish"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Program.Status.PUBLISHED, "Опубликовано программ")

    @admin.action(description="Вернуть на доработку", permissions=["publish"])
    def return_for_rework(self, request, queryset):
        reason, page = ask_reason(self, request, queryset, title="Вернуть программы на доработку")
        if page is not None:
            return page
        changed = return_programs(queryset, request.user, reason)
        self.message_user(
            request,
            f"Возвращено на доработку программ: {changed}. Представители получат причину "
            "по электронной почте.",
            messages.SUCCESS if changed else messages.INFO,
        )
        return None

    @admin.action(description="В архив", permissions=["change"])
    def archive(self, request, queryset):
        self._set_status(request, queryset, Program.Status.ARCHIVED, "Перенесено в архив программ")

    def delete_queryset(self, request, queryset):
        delete_programs(queryset)

    def _set_status(self, request, queryset, status, done_message):
        # The admin has already dropped the chosen programs this user may not change (another
        # organization's): say so instead of «already archived» about programs left untouched.
        available = queryset.count()
        if request.POST.get("select_across") == "1":
            chosen = available
        else:
            chosen = len(request.POST.getlist(helpers.ACTION_CHECKBOX_NAME))
        if not available:
            self.message_user(
                request,
                "Выбранные программы вам недоступны или уже удалены: статус не изменён.",
                messages.ERROR,
            )
            return
        changed = set_program_status(queryset, status, request.user)
        if changed:
            self.message_user(request, f"{done_message}: {changed}.", messages.SUCCESS)
        else:
            self.message_user(
                request,
                f"Статус выбранных программ уже «{Program.Status(status).label}».",
                messages.INFO,
            )
        if chosen > available:
            self.message_user(
                request,
                f"Среди выбранных есть программы, к которым у вас нет доступа "
                f"({chosen - available}): их статус не изменён.",
                messages.WARNING,
            )

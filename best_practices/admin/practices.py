"""The methodists' workplace for the bank: the practices' list and change form, the РМЦ file.

An expert opens the same list but sees only the practices assigned to them that are at the
экспертиза stage, without the author's contacts, and cannot change them. The inlines below the
form are in practice_inlines, the status change and material download pages in practice_pages;
saves go through services.saving.
"""

from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from moc_portal.core.admin_locking import OptimisticLockAdmin
from moc_portal.core.richtext import RichTextEditor, RichTextFormField, stored_text_to_html
from moc_portal.core.spreadsheets import XLSX_CONTENT_TYPE
from moc_portal.core.uploads import attachment_response

from ..forms import RICH_TEXT_FIELDS
from ..models import Practice, PracticeMaterial, Review
from ..permissions import can_transfer, expert_practice_ids, manages_practices
from ..services import reviews as review_services
from ..services import transfer, workflow
from ..services.saving import save_material, save_practice
from .practice_inlines import PracticeMaterialInline, ReviewInline, TransitionInline
from .practice_pages import PracticePages
from .reviews import score_display

CONTACT_FIELDS = ["contact_name", "contact_position", "contact_email", "contact_phone", "consent"]


class TransferredFilter(admin.SimpleListFilter):
    title = "передача в РМЦ"
    parameter_name = "transferred"

    def lookups(self, request, model_admin):
        return [("yes", "Передана"), ("no", "Не передана")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(transferred_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(transferred_at__isnull=True)
        return queryset


RICH_TEXT_SHOWN = {name: f"{name}_shown" for name in RICH_TEXT_FIELDS}


def _formatted(name):
    @admin.display(description=Practice._meta.get_field(name).verbose_name)
    def shown(self, practice):
        return mark_safe(stored_text_to_html(getattr(practice, name)))  # sanitized

    return shown


@admin.register(Practice)
class PracticeAdmin(OptimisticLockAdmin, PracticePages, admin.ModelAdmin):
    list_display = [
        "reference_display",
        "title",
        "direction",
        "category",
        "status",
        "review_count_display",
        "average_display",
        "year",
        "created_at",
        "transferred_at",
    ]
    list_filter = ["status", "direction", "category", "year", TransferredFilter]
    search_fields = ["title", "authors", "organization_name", "contact_name", "contact_email"]
    list_select_related = ["direction"]
    autocomplete_fields = ["organization"]
    date_hierarchy = "created_at"
    actions = ["transfer_selected"]
    inlines = [PracticeMaterialInline, ReviewInline, TransitionInline]
    readonly_fields = [
        "reference_display",
        "status",
        "workflow_actions",
        "status_changed_at",
        "published_at",
        "transferred_at",
        "transferred_by",
        "created_at",
        "consent",
    ]
    fieldsets = [
        (
            "Статус",
            {
                "fields": [
                    "reference_display",
                    ("status", "status_changed_at"),
                    "workflow_actions",
                    ("published_at", "transferred_at", "transferred_by"),
                    "created_at",
                ]
            },
        ),
        (
            "Практика",
            {
                "fields": [
                    "title",
                    "slug",
                    ("direction", "category", "year"),
                    "authors",
                    ("organization", "organization_name"),
                    ("age_min", "age_max"),
                    "annotation",
                    "problem",
                    "description",
                    "results",
                    "resources",
                ]
            },
        ),
        ("Контактное лицо", {"fields": CONTACT_FIELDS}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in RICH_TEXT_FIELDS:
            kwargs.update(form_class=RichTextFormField, widget=RichTextEditor)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    # --- who sees what -------------------------------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if manages_practices(request.user):
            return queryset.with_scores()
        own_review = Review.objects.filter(
            practice=models.OuterRef("pk"), expert=request.user, submitted_at__isnull=False
        )
        return queryset.filter(pk__in=expert_practice_ids(request.user)).annotate(
            own_review_submitted=models.Exists(own_review)
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if manages_practices(request.user):
            return fieldsets
        # Experts judge the practice, not the person: no contacts. They read the texts
        # formatted (a read-only field would show the stored HTML's tags).
        return [
            (title, {**options, "fields": [RICH_TEXT_SHOWN.get(f, f) for f in options["fields"]]})
            for title, options in fieldsets
            if title != "Контактное лицо"
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if manages_practices(request.user):
            return fields
        return [*fields, *RICH_TEXT_SHOWN.values()]

    problem_shown = _formatted("problem")
    description_shown = _formatted("description")
    results_shown = _formatted("results")
    resources_shown = _formatted("resources")

    def get_list_display(self, request):
        if manages_practices(request.user):
            return self.list_display
        # Independent review: an expert sees whether they have scored, never the others'
        # scores nor how many experts have already scored.
        hidden = {"review_count_display", "average_display"}
        columns = [name for name in self.list_display if name not in hidden]
        columns.insert(columns.index("status") + 1, "own_review_display")
        return columns

    def get_inlines(self, request, obj):
        if manages_practices(request.user):
            return self.inlines
        return [PracticeMaterialInline]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_transfer(request.user):
            actions.pop("transfer_selected", None)
        return actions

    def has_add_permission(self, request):
        return False  # practices come through the public form (or its revision)

    # --- computed columns ----------------------------------------------------------------

    @admin.display(description="рег. номер", ordering="pk")
    def reference_display(self, practice):
        return practice.reference if practice.pk else "—"

    @admin.display(description="оценок", ordering="review_count")
    def review_count_display(self, practice):
        return practice.review_count

    @admin.display(description="средний балл", ordering="average_score")
    def average_display(self, practice):
        return score_display(practice.average_score)

    @admin.display(description="моя оценка")
    def own_review_display(self, practice):
        return "поставлена" if practice.own_review_submitted else "ждёт оценки"

    @admin.display(description="действия")
    def workflow_actions(self, practice):
        if not practice.pk or not workflow.staff_targets(practice):
            return "—"
        url = reverse("admin:best_practices_practice_transition", args=[practice.pk])
        return format_html('<a class="button" href="{}">Изменить статус…</a>', url)

    # --- the РМЦ file ----------------------------------------------------------------------

    @admin.action(
        description="Передать в РМЦ: скачать файл и отметить переданными", permissions=["transfer"]
    )
    def transfer_selected(self, request, queryset):
        try:
            content, count = transfer.transfer_to_rmc(queryset, by=request.user)
        except transfer.TransferError as error:
            messages.error(request, str(error))
            return None
        return attachment_response(content, transfer.transfer_file_name(), XLSX_CONTENT_TYPE)

    def has_transfer_permission(self, request):
        return can_transfer(request.user)

    # --- writes: through services.saving and the reviews' service ---------------------------

    def save_model(self, request, obj, form, change):
        save_practice(obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is PracticeMaterial:
            return self._save_materials(formset)
        if formset.model is Review:
            return self._save_assignments(request, form, formset)
        return super().save_formset(request, form, formset, change)

    def _save_materials(self, formset):
        materials = formset.save(commit=False)
        for material in formset.deleted_objects:
            material.delete()
        for material in materials:
            save_material(material)

    def _save_assignments(self, request, form, formset):
        """Assignments go through the service; an expert's scores are not edited here."""
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for review in instances:
            if review.pk is None:
                try:
                    review_services.assign_expert(form.instance, review.expert, by=request.user)
                except review_services.ReviewError as error:
                    messages.error(request, str(error))
            else:
                review.save()

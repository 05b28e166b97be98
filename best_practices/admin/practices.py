"""The methodists' workplace for the bank: practices, their workflow, experts, the РМЦ file.

An expert opens the same list but sees only the practices assigned to them that are at the
экспертиза stage, without the author's contacts, and cannot change them.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from moc_portal.core.admin_locking import OptimisticLockAdmin
from moc_portal.core.history_admin import ReadOnlyHistoryInline
from moc_portal.core.richtext import RichTextEditor, RichTextFormField, stored_text_to_html
from moc_portal.core.singletons_admin import SingletonAdmin
from moc_portal.core.spreadsheets import XLSX_CONTENT_TYPE
from moc_portal.core.text import number_ru
from moc_portal.core.uploads import attachment_response, human_size, upload_response

from .. import selectors
from ..forms import RICH_TEXT_FIELDS
from ..models import Practice, PracticeMaterial, PracticeSettings, PracticeTransition, Review
from ..permissions import can_transfer, expert_practice_ids, manages_practices
from ..services import reviews as review_services
from ..services import transfer, workflow

CONTACT_FIELDS = ["contact_name", "contact_position", "contact_email", "contact_phone", "consent"]


class PracticeMaterialInline(admin.TabularInline):
    model = PracticeMaterial
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ["title", "file", "video_url", "order", "size_display", "download"]
    readonly_fields = ["size_display", "download"]

    @admin.display(description="открыть")
    def download(self, material):
        if not material.pk:
            return "—"
        if not material.file:
            return format_html('<a href="{}" rel="noopener">{}</a>', material.video_url, "видео")
        url = reverse(
            "admin:best_practices_practice_material", args=[material.practice_id, material.pk]
        )
        return format_html('<a href="{}">{}</a>', url, "скачать")

    @admin.display(description="размер")
    def size_display(self, material):
        return human_size(material.size) if material.size else "—"


class AssignmentFormSet(forms.BaseInlineFormSet):
    """New rows are assignments: checked by the same rules the service applies."""

    def clean(self):
        super().clean()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            if form.instance.pk:
                if "expert" in form.changed_data:
                    form.add_error(
                        "expert",
                        "Эксперта в назначении не меняют: удалите назначение и добавьте новое.",
                    )
                continue
            expert = form.cleaned_data.get("expert")
            if self.instance.status not in review_services.ASSIGNABLE_STATUSES:
                raise ValidationError(
                    "Экспертов назначают на этапе технической проверки или экспертизы."
                )
            if expert and not selectors.experts().filter(pk=expert.pk).exists():
                form.add_error("expert", "Этот пользователь не входит в группу «Эксперты».")


class ReviewInline(admin.TabularInline):
    """A methodist assigns experts here; the scores are the experts' own (read-only)."""

    model = Review
    formset = AssignmentFormSet
    extra = 0
    fields = [
        "expert",
        "relevance",
        "novelty",
        "effectiveness",
        "replicability",
        "average_display",
        "comment",
        "submitted_at",
    ]
    readonly_fields = fields[1:]
    verbose_name = "эксперт"
    verbose_name_plural = "эксперты и их оценки"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "expert":
            kwargs["queryset"] = selectors.experts()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("expert")

    @admin.display(description="средний балл")
    def average_display(self, review):
        return _score(review.average)


class TransitionInline(ReadOnlyHistoryInline):
    model = PracticeTransition
    fields = ["created_at", "from_status", "to_status", "actor_display", "comment"]
    verbose_name_plural = "история статусов"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description="кто")
    def actor_display(self, record):
        return record.actor_name


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


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label="Новый статус", widget=forms.RadioSelect)
    comment = forms.CharField(
        label="Комментарий",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text="Обязателен при возврате на доработку и отклонении: его получит автор.",
    )

    def __init__(self, *args, practice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (target.value, workflow.ACTION_LABELS[target])
            for target in workflow.staff_targets(practice)
        ]


RICH_TEXT_SHOWN = {name: f"{name}_shown" for name in RICH_TEXT_FIELDS}


def _formatted(name):
    @admin.display(description=Practice._meta.get_field(name).verbose_name)
    def shown(self, practice):
        return mark_safe(stored_text_to_html(getattr(practice, name)))  # sanitized

    return shown


@admin.register(Practice)
class PracticeAdmin(OptimisticLockAdmin, admin.ModelAdmin):
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
        return _score(practice.average_score)

    @admin.display(description="моя оценка")
    def own_review_display(self, practice):
        return "поставлена" if practice.own_review_submitted else "ждёт оценки"

    @admin.display(description="действия")
    def workflow_actions(self, practice):
        if not practice.pk or not workflow.staff_targets(practice):
            return "—"
        url = reverse("admin:best_practices_practice_transition", args=[practice.pk])
        return format_html('<a class="button" href="{}">Изменить статус…</a>', url)

    # --- the workflow page -----------------------------------------------------------------

    def get_urls(self):
        custom = [
            path(
                "<int:pk>/transition/",
                self.admin_site.admin_view(self.transition_view),
                name="best_practices_practice_transition",
            ),
            path(
                "<int:pk>/material/<int:material_pk>/",
                self.admin_site.admin_view(self.material_view),
                name="best_practices_practice_material",
            ),
        ]
        return custom + super().get_urls()

    def transition_view(self, request, pk):
        if not manages_practices(request.user):
            raise PermissionDenied
        practice = get_object_or_404(Practice.objects.with_scores(), pk=pk)
        change_url = reverse("admin:best_practices_practice_change", args=[practice.pk])
        form = TransitionForm(request.POST or None, practice=practice)
        if request.method == "POST" and form.is_valid():
            try:
                workflow.transition(
                    practice,
                    form.cleaned_data["to_status"],
                    actor=request.user,
                    comment=form.cleaned_data["comment"],
                )
            except workflow.WorkflowError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Статус изменён: «{practice.get_status_display()}».")
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "practice": practice,
            "form": form,
            "change_url": change_url,
            "min_reviews": PracticeSettings.load().min_reviews,
            "title": f"Статус практики «{practice.title}»",
        }
        return TemplateResponse(request, "admin/best_practices/practice/transition.html", context)

    def material_view(self, request, pk, material_pk):
        """A material of a practice this user may see (an expert: only assigned ones)."""
        practice = get_object_or_404(self.get_queryset(request), pk=pk)
        material = get_object_or_404(practice.materials.exclude(file=""), pk=material_pk)
        return upload_response(material.file, download_name=material.download_name)

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

    def save_formset(self, request, form, formset, change):
        if formset.model is not Review:
            return super().save_formset(request, form, formset, change)
        # Assignments go through the service; an expert's scores are not edited here.
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


@admin.register(PracticeSettings)
class PracticeSettingsAdmin(SingletonAdmin):
    def has_add_permission(self, request):
        # The row is made on first read (load()); answering without a query keeps every admin
        # page's sidebar from asking the database about this model.
        return False


def _score(value):
    if value is None:
        return "—"
    return number_ru(value, 2)

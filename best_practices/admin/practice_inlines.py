"""What a practice's admin page shows below the practice: its materials, the experts assigned
to it with their scores, and the history of its statuses."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.html import format_html

from moc_portal.core.admin_locking import OptimisticLockInline
from moc_portal.core.history_admin import ReadOnlyHistoryInline
from moc_portal.core.uploads import human_size

from .. import selectors
from ..models import PracticeMaterial, PracticeTransition, Review
from ..services import reviews as review_services
from .reviews import score_display


class PracticeMaterialInline(OptimisticLockInline, admin.TabularInline):
    """Saved by PracticeAdmin.save_formset through services.saving (the size follows the file)."""

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
        return score_display(review.average)


class TransitionInline(ReadOnlyHistoryInline):
    model = PracticeTransition
    fields = ["created_at", "from_status", "to_status", "actor_display", "comment"]
    verbose_name_plural = "история статусов"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description="кто")
    def actor_display(self, record):
        return record.actor_name

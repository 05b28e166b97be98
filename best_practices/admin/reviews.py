"""Experts' workplace: «Экспертные оценки» lists the practices assigned to them at the
экспертиза stage; the form shows the practice and takes the four scores and a comment."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from moc_portal.core.richtext import stored_text_to_html
from moc_portal.core.text import number_ru

from ..models import CRITERIA, Review, Status
from ..permissions import manages_practices
from ..services import reviews as review_services

SCORE_CHOICES = [("", "—")] + [(str(n), str(n)) for n in range(6)]


def score_display(value):
    """A score or a mean of scores as the admin shows it: «4,25», or «—» when there is none."""
    return "—" if value is None else number_ru(value, 2)


class ReviewForm(forms.ModelForm):
    """Every criterion is required here (the model allows blanks until the review is done)."""

    class Meta:
        model = Review
        fields = [name for name, _ in CRITERIA] + ["comment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in CRITERIA:
            if name in self.fields:
                self.fields[name] = forms.TypedChoiceField(
                    label=f"{label} (0–5)",
                    choices=SCORE_CHOICES,
                    coerce=int,
                    required=True,
                    initial=getattr(self.instance, name),
                    error_messages={"required": f"Поставьте оценку «{label.lower()}»."},
                )


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    form = ReviewForm
    list_display = [
        "practice",
        "expert",
        *[name for name, _ in CRITERIA],
        "average_display",
        "submitted_at",
    ]
    list_filter = ["practice__status", ("submitted_at", admin.EmptyFieldListFilter)]
    list_select_related = ["practice", "expert"]
    search_fields = ["practice__title"]
    readonly_fields = ["practice_summary", "expert", "assigned_at", "submitted_at"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("practice__direction", "expert")
        if manages_practices(request.user):
            return queryset
        return queryset.filter(expert=request.user, practice__status=Status.REVIEW)

    def get_fieldsets(self, request, obj=None):
        return [
            ("Практика", {"fields": ["practice_summary"]}),
            (
                "Оценка",
                {
                    "fields": [*[name for name, _ in CRITERIA], "comment"],
                    "description": "0 — критерий не выражен, 5 — выражен в полной мере.",
                },
            ),
            (None, {"fields": ["expert", "assigned_at", "submitted_at"]}),
        ]

    def has_add_permission(self, request):
        return False  # a methodist assigns experts on the practice's page

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return True
        # Only the assigned expert scores, and only while the practice is under review.
        return obj.expert_id == request.user.pk and obj.practice.status == Status.REVIEW

    def has_delete_permission(self, request, obj=None):
        return manages_practices(request.user) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        scores = {name: form.cleaned_data[name] for name, _ in CRITERIA}
        try:
            review_services.submit_review(
                obj, scores=scores, comment=form.cleaned_data.get("comment"), by=request.user
            )
        except review_services.ReviewError as error:
            messages.error(request, str(error))

    @admin.display(description="средний балл")
    def average_display(self, review):
        return score_display(review.average)

    @admin.display(description="практика")
    def practice_summary(self, review):
        practice = review.practice
        sections = [
            ("Направленность", practice.direction.name),
            ("Категория", practice.get_category_display()),
            ("Авторы", ", ".join(practice.author_list)),
            ("Организация", practice.organization_display),
            *(
                (label, mark_safe(stored_text_to_html(text)))  # sanitized
                for label, text in (
                    ("Аннотация", practice.annotation),
                    ("Проблема", practice.problem),
                    ("Описание", practice.description),
                    ("Измеримые результаты", practice.results),
                    ("Ресурсы", practice.resources or "—"),
                )
            ),
        ]
        materials = format_html_join(
            "",
            '<li><a href="{}">{}</a></li>',
            (
                (
                    reverse(
                        "admin:best_practices_practice_material",
                        args=[practice.pk, material.pk],
                    )
                    if material.file
                    else material.video_url,
                    material.title,
                )
                for material in practice.materials.all()
            ),
        )
        return format_html(
            "<h3>{}</h3><dl>{}</dl><p><strong>Материалы</strong></p><ul>{}</ul>",
            practice.title,
            format_html_join(
                "",
                "<dt>{}</dt><dd>{}</dd>",
                sections,
            ),
            materials or format_html("<li>{}</li>", "нет"),
        )

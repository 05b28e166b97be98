"""The practice's own admin pages besides its change form: the status change (the workflow's
one door in the admin) and a material's download for those who may see the practice."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from moc_portal.core.uploads import upload_response

from ..models import Practice, PracticeSettings
from ..permissions import manages_practices
from ..services import workflow


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


class PracticePages:
    """ModelAdmin mixin: the status change page and the material download, under the
    practice's admin URL."""

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

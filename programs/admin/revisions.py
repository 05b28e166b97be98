"""Revisions of published programs in the admin: the methodist's list and the diff page.

The list shows what waits (program, organization, author, the fields proposed); the page of
a revision shows the published value beside the proposed one, field by field, and to whoever
may decide (`services.revisions.can_decide`) the buttons «Одобрить» and «Вернуть на доработку»
with a required reason. Representatives see their organizations' revisions, read only.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from moc_portal.core.admin_scoping import OrganizationScopedAdmin

from ..models import ProgramRevision
from ..permissions import managed_organizations
from ..selectors.revisions import changed_labels, revision_diff
from ..services.revisions import approve_revision, can_decide, return_revision


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="Причина возврата",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Обязательна при возврате: её увидит автор в рабочем месте и получит по e-mail.",
    )


@admin.register(ProgramRevision)
class ProgramRevisionAdmin(OrganizationScopedAdmin, admin.ModelAdmin):
    list_display = (
        "program",
        "organization",
        "author_name",
        "proposed_fields",
        "state",
        "updated_at",
    )
    list_filter = ("state",)
    list_select_related = ("program__organization", "author")
    search_fields = ("program__title",)
    organizations_of = staticmethod(managed_organizations)
    organization_lookup = "program__organization"
    date_hierarchy = None

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="организация", ordering="program__organization__short_name")
    def organization(self, revision):
        return revision.program.organization.short_name

    @admin.display(description="автор")
    def author_name(self, revision):
        author = revision.author
        return (author.get_full_name() or author.get_username()) if author else "—"

    @admin.display(description="что изменено")
    def proposed_fields(self, revision):
        return ", ".join(changed_labels(revision)) or "программа целиком"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        revision = self.get_object(request, unquote(object_id))
        if revision is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        if not self.has_view_or_change_permission(request, revision):
            raise PermissionDenied
        may_decide = self.has_change_permission(request, revision) and can_decide(
            request.user, revision
        )
        form = ReturnForm(request.POST or None)
        if request.method == "POST":
            if not may_decide:
                raise PermissionDenied
            response = self._decide(request, revision, form)
            if response is not None:
                return response
        context = {
            **self.admin_site.each_context(request),
            "title": f"Правка программы «{revision.program}»",
            "subtitle": None,
            "opts": self.model._meta,
            "original": revision,
            "revision": revision,
            "rows": revision_diff(revision),
            "form": form,
            "may_decide": may_decide,
            "has_view_permission": True,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/programs/programrevision/review.html", context)

    def _decide(self, request, revision, form):
        if "_approve" in request.POST:
            try:
                approve_revision(revision, request.user)
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, f"Правка не применена: {message}", messages.ERROR)
                return None
            self.message_user(request, "Правка одобрена: изменения на сайте.", messages.SUCCESS)
            return redirect("admin:programs_programrevision_changelist")
        if "_return" in request.POST and form.is_valid():
            try:
                return_revision(revision, request.user, form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error("reason", error.message_dict.get("reason", error.messages))
                return None
            self.message_user(
                request,
                "Правка возвращена автору с причиной; письмо поставлено в очередь.",
                messages.SUCCESS,
            )
            return redirect("admin:programs_programrevision_changelist")
        return None

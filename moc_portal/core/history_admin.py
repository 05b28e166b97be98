"""History in the admin: django-simple-history's pages limited to the objects a person may
see, and the read-only inline that lists an object's own trail (a practice's statuses, a
report's events).

SimpleHistoryAdmin finds an object for its history page through the historical table when
`get_queryset` hides it, so a representative could read, and revert, another organization's
program by its number. Here the history and each past version open only for objects the
admin's own queryset shows the person; a deleted object's history only for those who may
delete such objects.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin


class ScopedHistoryAdmin(SimpleHistoryAdmin):
    def history_view(self, request, object_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _require_visible(self, request, object_id):
        pk_name = self.model._meta.pk.attname
        try:
            if self.get_queryset(request).filter(**{pk_name: object_id}).exists():
                return
            exists = self.model._default_manager.filter(**{pk_name: object_id}).exists()
        except (ValueError, TypeError):
            raise Http404 from None
        if exists:
            raise Http404  # another organization's object: as if there were none
        if not self.has_delete_permission(request):
            raise PermissionDenied


class ReadOnlyHistoryInline(admin.TabularInline):
    """An object's trail under its form: every field shown, nothing added, changed or deleted."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

"""Admin of locked months: methodists grant entry after the deadline, with a reason and a date."""

from django import forms
from django.contrib import admin
from django.utils import timezone

from moc_portal.core.admin_locking import OptimisticLockAdmin
from moc_portal.core.history_admin import ScopedHistoryAdmin

from ..models import EntryException


class EntryExceptionForm(forms.ModelForm):
    class Meta:
        model = EntryException
        fields = ["organization", "period", "reason", "until"]

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Укажите причину.")
        return reason

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until < timezone.localdate():
            raise forms.ValidationError("Дата должна быть сегодня или позже.")
        return until

    def clean(self):
        cleaned = super().clean()
        period = cleaned.get("period")
        if period is not None and period.is_closed:
            self.add_error(
                "period", "Период закрыт окончательно: исключение не действует. Откройте его."
            )
        return cleaned


@admin.register(EntryException)
class EntryExceptionAdmin(OptimisticLockAdmin, ScopedHistoryAdmin):
    form = EntryExceptionForm
    list_display = ["organization", "period", "until", "reason", "granted_by", "granted_at"]
    list_filter = ["period"]
    list_select_related = ["organization", "period", "granted_by"]
    search_fields = ["organization__short_name", "organization__full_name", "reason"]
    autocomplete_fields = ["organization"]

    def save_model(self, request, obj, form, change):
        obj.granted_by = request.user
        super().save_model(request, obj, form, change)

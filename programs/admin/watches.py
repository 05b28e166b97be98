"""«Ожидания записи»: how many parents wait for a program's enrolment (unmet demand), per
program and per направленность. The addresses are not shown: the methodists need the
numbers, the mails go by themselves."""

from django.contrib import admin

from moc_portal.core.records_admin import WrittenByThePortalAdmin

from ..models import EnrolmentWatch
from ..services.watches import waiting_by_direction


class WaitingFilter(admin.SimpleListFilter):
    title = "состояние"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("waiting", "ждут письма"),
            ("unconfirmed", "не подтверждены"),
            ("notified", "письмо отправлено"),
            ("erased", "адрес удалён"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "waiting":
            return queryset.waiting()
        if value == "unconfirmed":
            return queryset.filter(confirmed_at__isnull=True, erased_at__isnull=True)
        if value == "notified":
            return queryset.filter(notified_at__isnull=False)
        if value == "erased":
            return queryset.filter(erased_at__isnull=False)
        return queryset


@admin.register(EnrolmentWatch)
class EnrolmentWatchAdmin(WrittenByThePortalAdmin, admin.ModelAdmin):
    deletable = True  # a methodist may erase a parent's watch

    list_display = (
        "program",
        "direction",
        "created_at",
        "confirmed_at",
        "notified_at",
        "erased_at",
    )
    list_select_related = ("program", "program__direction")
    list_filter = (WaitingFilter, "program__direction")
    search_fields = ("program__title",)
    fields = ("program", "created_at", "confirmed_at", "notified_at", "erased_at")
    readonly_fields = fields
    date_hierarchy = "created_at"

    @admin.display(description="направленность", ordering="program__direction__name")
    def direction(self, obj):
        return obj.program.direction.name

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "waiting_by_direction": waiting_by_direction()}
        return super().changelist_view(request, extra_context)

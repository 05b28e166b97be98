"""The bank's settings (one row): how many reviews a publication needs, the submission quota,
who is told of new practices."""

from django.contrib import admin

from moc_portal.core.admin_locking import OptimisticLockAdmin
from moc_portal.core.singletons_admin import SingletonAdmin

from ..models import PracticeSettings


@admin.register(PracticeSettings)
class PracticeSettingsAdmin(OptimisticLockAdmin, SingletonAdmin):
    def has_add_permission(self, request):
        # The row is made on first read (load()); answering without a query keeps every admin
        # page's sidebar from asking the database about this model.
        return False

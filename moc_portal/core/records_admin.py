"""Admin pages of rows the portal writes itself (consent records, parents' watches, survey
answers, РМЦ exports): staff read them, nobody adds or edits one by hand. Deleting is the
model's permission where a row may go (a methodist erases a parent's watch), never otherwise."""


class WrittenByThePortalAdmin:
    """Mix in before `admin.ModelAdmin`; set `deletable = True` where rows may be deleted."""

    deletable = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)

"""Every admin page people edit by hand refuses a save from a stale form (core.admin_locking):
a new admin registered without the lock fails here until it gets it or a reason not to."""

from django.contrib import admin

from moc_portal.core.admin_locking import OptimisticLockAdmin, OptimisticLockInline
from moc_portal.core.history_admin import ReadOnlyHistoryInline
from moc_portal.core.records_admin import WrittenByThePortalAdmin
from programs.models import Organization, Settlement

# Admins with no form to lock, by model label, each with why.
NEEDS_NO_LOCK = {
    # Every field read-only: the change page is there for an action or to read.
    "moc_portal.OutgoingMail": "the outbox: written by the portal, «Отправить снова» is an action",
    "monitoring.MonthlyReport": "a report the portal builds: every field read-only",
    "quality.Exclusion": "no change permission: made and restored on the campaign's page",
    # Only one person may change the row.
    "best_practices.Review": "only the assigned expert scores their review",
    # The change page is not a model form.
    "programs.ProgramRevision": "the change page is the decision page (approve or return)",
    # Third-party admins.
    "axes.AccessAttempt": "django-axes' log of logins, read-only",
    "axes.AccessFailureLog": "django-axes' log of logins, read-only",
    "axes.AccessLog": "django-axes' log of logins, read-only",
    "auth.User": "Django's own; accounts are edited by the one administrator",
    "auth.Group": "Django's own; groups are made by data migrations",
}

# Inlines with no row to lock, by class name, each with why.
INLINES_NEEDING_NO_LOCK = {
    # An existing assignment has no field to change (AssignmentFormSet refuses a new expert);
    # the scores are the expert's, read-only here.
    "ReviewInline": "assignments are added or deleted, never changed",
}


def unlocked_admins(registry):
    """«label: admin» of the registered admins without the lock and without a reason."""
    missing = []
    for model, model_admin in registry.items():
        label = model._meta.label
        if isinstance(model_admin, WrittenByThePortalAdmin) or label in NEEDS_NO_LOCK:
            continue  # rows the portal writes: nobody edits one by hand
        if not isinstance(model_admin, OptimisticLockAdmin):
            missing.append(f"{label}: {type(model_admin).__name__}")
    return sorted(missing)


def unlocked_inlines(registry):
    missing = []
    for model_admin in registry.values():
        if isinstance(model_admin, WrittenByThePortalAdmin):
            continue
        for inline in model_admin.inlines:
            if issubclass(inline, OptimisticLockInline | ReadOnlyHistoryInline):
                continue  # a history trail: nothing to edit
            if inline.__name__ not in INLINES_NEEDING_NO_LOCK:
                missing.append(f"{type(model_admin).__name__}: {inline.__name__}")
    return sorted(missing)


def test_every_admin_edited_by_hand_has_the_lock():
    assert unlocked_admins(admin.site._registry) == []


def test_every_inline_edited_by_hand_has_the_lock():
    assert unlocked_inlines(admin.site._registry) == []


def test_the_allow_lists_name_only_registered_admins():
    """A reason left behind when its admin goes would let a new admin of that model in."""
    labels = {model._meta.label for model in admin.site._registry}
    inlines = {
        inline.__name__
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }
    assert set(NEEDS_NO_LOCK) <= labels
    assert set(INLINES_NEEDING_NO_LOCK) <= inlines


def test_a_new_editable_admin_without_the_lock_is_caught():
    class PlainInline(admin.TabularInline):
        model = Organization

    class PlainAdmin(admin.ModelAdmin):
        inlines = [PlainInline]

    class LockedAdmin(OptimisticLockAdmin, admin.ModelAdmin):
        inlines = [PlainInline]

    site = admin.AdminSite(name="probe")
    site.register(Settlement, PlainAdmin)
    assert unlocked_admins(site._registry) == ["programs.Settlement: PlainAdmin"]
    assert unlocked_inlines(site._registry) == ["PlainAdmin: PlainInline"]

    site.unregister(Settlement)
    site.register(Settlement, LockedAdmin)
    assert unlocked_admins(site._registry) == []
    assert unlocked_inlines(site._registry) == ["LockedAdmin: PlainInline"]

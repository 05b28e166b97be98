"""When rows a program shows change, the program changed: its `updated_at` moves.

A program shows (on its page and in the open API) its places of study and the names of its
направленность, levels and kinds of disability. The API's `updated_after` sync returns the
programs whose `updated_at` (or their organization's) is later than the client's mark, so an
edit of a place, a place deleted, a place added to or removed from a program, or a renamed
closed-list entry must move the `updated_at` of the programs that show it, or clients keep a
stale copy.

The time is moved with one `UPDATE` of the affected programs when the row is written rather
than computed in the API's query: the list already sorts on a computed `Greatest`, and an
aggregate over places and levels would slow every page (the organization's time is one join,
so that one is computed). Signals, not a service call: a place is edited in the admin without
a service, its deletion removes the program links by cascade (no `m2m_changed`), and the
program form writes the links itself. The import writes places in bulk (no signals) and calls
`touch_programs_of_places`. Like an organization's rename (`save_organization`), the update
moves the programs' «обновлено» date on the site (what they show did change) and writes no
history row and no revision.
"""

from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django.utils import timezone

from .models import Direction, DisabilityType, Level, Place, Program

# A closed-list entry's programs, by the Program field that names it.
CLOSED_LIST_FIELDS = {Direction: "direction", Level: "levels", DisabilityType: "disability_types"}


def touch_programs(programs):
    """Move the `updated_at` of `programs` (a queryset) to now."""
    Program.objects.filter(pk__in=programs.values("pk")).update(updated_at=timezone.now())


def touch_programs_of_places(place_ids):
    if place_ids:
        touch_programs(Program.objects.filter(places__in=list(place_ids)))


def _place_saved(sender, instance, created, **kwargs):
    if not created:  # a new place has no programs yet
        touch_programs_of_places([instance.pk])


def _place_deleted(sender, instance, **kwargs):
    touch_programs_of_places([instance.pk])  # before the cascade removes the links


def _program_places_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:  # program.places.add/remove/set/clear
        touch_programs(Program.objects.filter(pk=instance.pk))
    elif action == "pre_clear":  # place.programs.clear()
        touch_programs_of_places([instance.pk])
    else:
        touch_programs(Program.objects.filter(pk__in=pk_set))


def _remember_stored_name(sender, instance, **kwargs):
    stored = sender.objects.filter(pk=instance.pk) if instance.pk else sender.objects.none()
    instance._stored_name = stored.values_list("name", flat=True).first()


def _closed_list_saved(sender, instance, created, **kwargs):
    # Only a rename: the order of the entries is not what a program shows.
    if not created and getattr(instance, "_stored_name", None) != instance.name:
        touch_programs(Program.objects.filter(**{CLOSED_LIST_FIELDS[sender]: instance}))


def connect():
    post_save.connect(_place_saved, sender=Place, dispatch_uid="program-changes-place")
    pre_delete.connect(_place_deleted, sender=Place, dispatch_uid="program-changes-place-d")
    m2m_changed.connect(
        _program_places_changed,
        sender=Program.places.through,
        dispatch_uid="program-changes-places",
    )
    for model in CLOSED_LIST_FIELDS:
        uid = f"program-changes-{model.__name__}"
        pre_save.connect(_remember_stored_name, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(_closed_list_saved, sender=model, dispatch_uid=uid)

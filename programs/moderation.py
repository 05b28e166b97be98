"""Who puts a program on the public site: a methodist, after a representative's edit.

The regional Навигатор works so: an organization's representative creates or edits a
program, it waits «на модерации», and a methodist publishes it or returns it «на доработке».

A published program stays published while a representative edits it: the operational
fields (OPERATIONAL_FIELDS, and the schedule) go live at once, recorded in the history;
a change to any other (descriptive) field becomes a pending `ProgramRevision` that a
methodist approves or returns with a reason (`programs.services.revisions`).
"""

from .models import Program
from .permissions import can_publish

# Fields a representative keeps current day to day: they go live without review. The schedule
# (the program's ScheduleSlot rows) is operational too. One list: add new such fields here.
OPERATIONAL_FIELDS = (
    "enrollment_open",
    "places_available",
    # Issue 20: the enrolment window and the places in total change with each intake. The
    # ПФДО costs are not here: a price a parent is shown waits for a methodist.
    "enrollment_from",
    "enrollment_to",
    "places_total",
    "places",  # where it meets, like the schedule
)

# Never proposed: the status is the methodist's, the rest is computed.
NOT_REVIEWED = ("status", "search_text", "created_at", "updated_at", "id")


def descriptive_fields():
    """The Program fields whose change by a representative waits for a methodist (names)."""
    return [
        field.name
        for field in (*Program._meta.concrete_fields, *Program._meta.many_to_many)
        if field.editable and field.name not in (*OPERATIONAL_FIELDS, *NOT_REVIEWED)
    ]


def needs_review(user, stored_status):
    """A change by `user` to descriptive fields of a program in `stored_status` becomes a
    revision (rather than going live or back to moderation)."""
    return stored_status == Program.Status.PUBLISHED and not can_publish(user)


def status_after_save(user, program, *, is_new, changed, stored_status=None):
    """The status a program is saved with after `user` created or edited it.

    `stored_status` is the status the program had before this edit (default: its current one).
    """
    if can_publish(user) or not (is_new or changed):
        return program.status
    if not is_new and program.status == Program.Status.ARCHIVED:
        return program.status  # a representative may withdraw a program without review
    if not is_new and (stored_status or program.status) == Program.Status.PUBLISHED:
        return Program.Status.PUBLISHED  # descriptive changes wait as a revision
    return Program.Status.MODERATION

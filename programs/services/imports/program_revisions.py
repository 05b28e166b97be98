"""A published program's row from a representative: its descriptive changes wait for a
methodist as a revision, as the representative's edit in the admin does; the rest is written."""

from ...models import Program
from ...moderation import descriptive_fields
from ...selectors.revisions import stored_value
from ..revisions import propose_changes

# The related rows a revision may carry, by the attribute the import keeps them in.
IMPORTED_RELATED = {"levels": "imported_levels", "disability_types": "imported_disabilities"}


def hold_for_review(program, changed, changed_related, before, before_related):
    """Set `program.proposal` to the row's descriptive changes as a revision's values and give
    the program its published values back for them (operational fields and the schedule stay
    changed). Returns the changed fields and related keys that are still written."""
    program.proposal = _proposal(program, changed, changed_related, before, before_related)
    proposed = {Program._meta.get_field(name).attname for name in program.proposal}
    return (
        [name for name in changed if name not in proposed],
        [key for key in changed_related if key not in program.proposal],
    )


def _proposal(program, changed, changed_related, before, before_related):
    descriptive = set(descriptive_fields())
    proposal = {}
    for attname in changed:
        field = Program._meta.get_field(attname)
        if field.name in descriptive:
            proposal[field.name] = stored_value(program, field.name)
            setattr(program, attname, before[attname])
    for key in changed_related:
        if key in descriptive and key in IMPORTED_RELATED:
            proposal[key] = sorted(getattr(program, IMPORTED_RELATED[key]))
            setattr(program, IMPORTED_RELATED[key], before_related[key])
    return proposal


def propose_held(programs, user):
    """After the write: a pending revision for each program that holds changes back."""
    for program in programs:
        if program.proposal:
            propose_changes(program, program.proposal, user)

"""Revisions of published programs: proposed, approved or returned with a reason.

A representative's change to descriptive fields of a published program (the admin or an
import) is kept as a pending `ProgramRevision` (`propose_changes`); the published version
stays live. A methodist approves it (`approve_revision`: the values are applied through
`save_program`, so the search text, the vocabulary and the history follow) or returns it with
a required reason (`return_revision`), which the author sees in the admin and receives by
e-mail through the outbox. `return_for_rework` is the same «вернуть на доработку» for new
programs waiting for their first publication.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from moc_portal.core.email import send_email

from ..models import Program, ProgramRevision
from ..permissions import can_publish
from ..selectors.revisions import plain, stored_value
from .saving import save_program

State = ProgramRevision.State


def live_values(program, names):
    return {name: stored_value(program, name) for name in names}


def can_decide(user, revision):
    """A methodist decides; nobody decides on their own proposal."""
    return (
        revision.state == State.PENDING
        and can_publish(user)
        and (revision.author_id is None or revision.author_id != user.pk)
    )


@transaction.atomic
def propose_changes(program, values, author):
    """Add the proposed {field name: JSON value} to the program's pending revision.

    Values equal to the published ones are dropped (an edit undone); a revision left with
    nothing to propose is removed. Returns the pending revision or None.
    """
    revision = (
        ProgramRevision.objects.select_for_update()
        .filter(program=program, state=State.PENDING)
        .first()
    )
    merged = {**(revision.values if revision else {}), **plain(values)}
    live = live_values(program, list(merged))
    merged = {name: value for name, value in merged.items() if value != live[name]}
    if not merged:
        if revision is not None:
            revision.delete()
        return None
    if revision is None:
        revision = ProgramRevision(program=program, state=State.PENDING)
    revision.values = merged
    revision.author = author
    revision.save()
    return revision


def apply_values(program, values):
    """Put the revision's values on the program (not saved); returns {m2m name: ids}."""
    m2m = {}
    for name, value in values.items():
        field = Program._meta.get_field(name)
        if field.many_to_many:
            m2m[name] = value
        elif isinstance(field, models.FileField):
            setattr(program, name, value)
        else:
            setattr(program, field.attname, field.to_python(value))
    return m2m


@transaction.atomic
def approve_revision(revision, user):
    """Apply the revision to the published program; raises ValidationError when the values
    no longer fit the program (e.g. ages against a changed field) and PermissionDenied when
    the user may not decide."""
    revision = _locked_for_decision(revision, user, "Одобрить эту правку вы не можете.")
    program = Program.objects.select_for_update().get(pk=revision.program_id)
    m2m = apply_values(program, revision.values)
    exclude = [name for name in ("photo",) if name in revision.values]
    program.full_clean(exclude=exclude)
    program._change_reason = "Правка одобрена методистом"
    program._history_user = user
    save_program(program)
    for name, ids in m2m.items():
        getattr(program, name).set(ids)
    return _decide(revision, State.APPROVED, user)


@transaction.atomic
def return_revision(revision, user, reason):
    """Return the pending revision to its author with the reason (required)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Укажите причину: её прочтёт автор правки."})
    revision = _locked_for_decision(revision, user, "Вернуть эту правку вы не можете.")
    revision.reason = reason
    return _decide(revision, State.RETURNED, user)


def _locked_for_decision(revision, user, refusal):
    """The revision, locked for the decision; PermissionDenied(refusal) when the user may not
    decide it."""
    revision = ProgramRevision.objects.select_for_update().get(pk=revision.pk)
    if not can_decide(user, revision):
        raise PermissionDenied(refusal)
    return revision


def _decide(revision, state, user):
    """Record the decision on the revision and tell its author."""
    revision.state = state
    revision.decided_by = user
    revision.decided_at = timezone.now()
    revision.save()
    _notify(revision)
    return revision


@transaction.atomic
def return_for_rework(programs, user, reason):
    """«Вернуть на доработку» for programs waiting for moderation, with the reason (required):
    each gets a returned record the representative sees, and an e-mail. Returns how many."""
    from . import set_program_status

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Укажите причину: её прочтёт представитель."})
    chosen = list(programs.exclude(status=Program.Status.REWORK).values_list("pk", flat=True))
    changed = set_program_status(Program.objects.filter(pk__in=chosen), Program.Status.REWORK, user)
    now = timezone.now()
    for program in Program.objects.filter(pk__in=chosen):
        revision = ProgramRevision.objects.create(
            program=program,
            author=_last_editor(program, user),
            state=State.RETURNED,
            reason=reason,
            decided_by=user,
            decided_at=now,
        )
        _notify(revision)
    return changed


def _last_editor(program, decider):
    record = (
        program.history.exclude(history_user=None)
        .exclude(history_user=decider)
        .select_related("history_user")
        .first()
    )
    return record.history_user if record else None


def _recipients(revision):
    author = revision.author
    if author is not None and author.email:
        return [author.email]
    representatives = revision.program.organization.representatives.exclude(email="")
    return sorted({user.email for user in representatives})


def _notify(revision):
    """The author's e-mail about the decision, queued in the outbox with the decision."""
    to = _recipients(revision)
    if not to:
        return None
    return send_email(
        "emails/program_revision_decided",
        {
            "revision": revision,
            "program": revision.program,
            "approved": revision.state == State.APPROVED,
            "admin_path": reverse("admin:programs_program_change", args=[revision.program_id]),
        },
        to=to,
        dedupe_key=f"program-revision:{revision.pk}:{revision.state}",
    )

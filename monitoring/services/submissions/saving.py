"""Saving figures, sending, the review and the trail of each step."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from programs.models import Direction

from ...models import Indicator, Submission, SubmissionEvent, Value
from ...selectors.locking import entry_lock, is_past_entry
from .. import locking
from ..periods import period_for
from .checks import validate_figures
from .figures import (
    EXPLANATION_LENGTH,
    ConcurrentEditError,
    FigureError,
    InvalidFigures,
    SubmissionError,
)
from .rows import entry_indicators, stored_figures

# --- Saving and the review ------------------------------------------------------------------


def get_or_create_submission(organization, period):
    submission, _ = Submission.objects.get_or_create(organization=organization, period=period)
    return submission


@transaction.atomic
def save_entry(
    organization, period, figures, user, expected_version, *, send=False, explanations=None
):
    """Save the typed figures (creating the report on its first save) and send it if asked.

    All or nothing: if sending is refused, the figures are not saved either. The first save
    for the month just ended also creates its period (pages only read it).
    """
    if period.pk is None:
        period = period_for(period.calendar_month)
    submission = get_or_create_submission(organization, period)
    submission = save_figures(submission, figures, user, expected_version, explanations)
    if send:
        submission = submit(submission, user)
    return submission


@transaction.atomic
def save_figures(submission, figures, user, expected_version, explanations=None):
    """Replace the submission's figures; refused if anyone saved since `expected_version`."""
    locked = _lock(submission, expected_version)
    _check_editable(locked)
    errors = validate_figures(figures, entry_indicators(locked.period))
    if errors:
        raise InvalidFigures(errors)
    now = timezone.now()
    # The version test in the UPDATE itself is the guard where SELECT … FOR UPDATE is a no-op.
    updated = Submission.objects.filter(pk=locked.pk, version=expected_version).update(
        version=F("version") + 1, saved_by=user, saved_at=now
    )
    if not updated:
        locked.refresh_from_db()
        raise ConcurrentEditError(locked)
    Value.objects.filter(submission=locked).delete()
    Value.objects.bulk_create(_value_rows(locked, figures, explanations or {}))
    locked.version, locked.saved_by, locked.saved_at = expected_version + 1, user, now
    if entered_on_behalf(user, locked.organization):
        # A coordinator or methodist filling in for the organization: the trail says so.
        record_event(locked, SubmissionEvent.Kind.ENTERED, user, now, on_behalf=True)
    return locked


def entered_on_behalf(user, organization):
    """True when `user` is not one of the organization's representatives: a coordinator or a
    methodist entering figures for a small organization that has none."""
    return not organization.representatives.filter(pk=user.pk).exists()


def _value_rows(submission, figures, explanations):
    indicator_ids = dict(
        Indicator.objects.filter(code__in={code for code, _ in figures}).values_list("code", "id")
    )
    direction_ids = dict(Direction.objects.values_list("code", "id"))
    unknown = [key for key in figures if key[1] and key[1] not in direction_ids]
    if unknown:
        raise InvalidFigures(
            [FigureError(key, f"неизвестная направленность «{key[1]}»") for key in unknown]
        )
    return [
        Value(
            submission=submission,
            indicator_id=indicator_ids[code],
            direction_id=direction_ids[direction] if direction else None,
            value=value,
            explanation=(explanations.get((code, direction)) or "").strip()[:EXPLANATION_LENGTH],
        )
        for (code, direction), value in figures.items()
    ]


@transaction.atomic
def submit(submission, user, expected_version=None):
    """Send a draft (or a returned report) to the МОЦ; every required figure must be there."""
    locked = _lock(submission, expected_version)
    _check_editable(locked)
    errors = validate_figures(
        stored_figures(locked), entry_indicators(locked.period), require_all=True
    )
    if errors:
        raise InvalidFigures(errors)
    locked.status = Submission.Status.SUBMITTED
    locked.submitted_by, locked.submitted_at = user, timezone.now()
    locked.first_submitted_at = locked.first_submitted_at or locked.submitted_at
    locked.save(update_fields=["status", "submitted_by", "submitted_at", "first_submitted_at"])
    record_event(
        locked,
        SubmissionEvent.Kind.SUBMITTED,
        user,
        locked.submitted_at,
        on_behalf=entered_on_behalf(user, locked.organization),
    )
    return locked


@transaction.atomic
def accept(submission, user, expected_version=None):
    locked = _lock(submission, expected_version)
    _check_sent(locked, "Принять можно только отправленный отчёт.")
    return _review(locked, user, Submission.Status.ACCEPTED)


@transaction.atomic
def return_for_revision(submission, user, comment, expected_version=None, until=None):
    """Back to the organization with what to fix; an accepted report too (it reopens).

    In a month locked for entry the reviewer names the day until which the organization may
    correct it: an exception for this organization and month is granted until then."""
    comment = (comment or "").strip()
    if not comment:
        raise SubmissionError("Напишите, что нужно исправить: без комментария отчёт не вернуть.")
    locked = _lock(submission, expected_version)
    if locked.status not in Submission.SENT_STATUSES:
        raise SubmissionError("Вернуть на доработку можно только отправленный или принятый отчёт.")
    if locked.period.is_closed:
        raise SubmissionError("Период закрыт: откройте его, чтобы вернуть отчёт на доработку.")
    if is_past_entry(locked.period) and (
        until is not None or entry_lock(locked.organization_id, locked.period)
    ):
        if until is None:
            raise SubmissionError(
                "Срок ввода за этот месяц прошёл: укажите, до какого числа организация "
                "может исправить отчёт."
            )
        locking.grant_exception(
            locked.organization, locked.period, f"Возвращён на доработку: {comment}", until, user
        )
    locked.return_comment = comment
    return _review(locked, user, Submission.Status.RETURNED)


def _review(submission, user, status):
    submission.status = status
    submission.reviewed_by, submission.reviewed_at = user, timezone.now()
    submission.save(update_fields=["status", "return_comment", "reviewed_by", "reviewed_at"])
    record_event(
        submission,
        status,
        user,
        submission.reviewed_at,
        submission.return_comment if status == Submission.Status.RETURNED else "",
    )
    return submission


def record_event(submission, kind, user, at=None, comment="", on_behalf=False):
    """One step of the review trail; never changes or replaces an earlier one."""
    return SubmissionEvent.objects.create(
        submission=submission,
        kind=kind,
        user=user,
        at=at or timezone.now(),
        comment=comment,
        on_behalf=on_behalf,
    )


def _lock(submission, expected_version=None):
    locked = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("period", "organization")
        .get(pk=submission.pk)
    )
    if expected_version is not None:
        _check_version(locked, expected_version)
    return locked


def _check_version(submission, expected_version):
    if submission.version != expected_version:
        raise ConcurrentEditError(submission)


@transaction.atomic
def record_correction(submission, user, comment=""):
    """Figures changed in the admin: the version moves on (an open form or template made
    before is refused) and the trail keeps who corrected them."""
    Submission.objects.filter(pk=submission.pk).update(
        version=F("version") + 1, saved_by=user, saved_at=timezone.now()
    )
    return record_event(submission, SubmissionEvent.Kind.CORRECTED, user, comment=comment)


def _check_editable(submission):
    lock = entry_lock(submission.organization_id, submission.period)
    if lock:
        raise SubmissionError(lock)
    if not submission.is_editable:
        raise SubmissionError(
            f"Отчёт уже {submission.get_status_display().lower()}: изменить его нельзя. "
            "Если нужно что-то исправить, попросите методиста вернуть его на доработку."
        )


def _check_sent(submission, message):
    if submission.status != Submission.Status.SUBMITTED:
        raise SubmissionError(message)

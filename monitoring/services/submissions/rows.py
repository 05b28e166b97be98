"""The rows of the entry form and the figures already stored, with the overview of reports."""

from programs.models import Direction, Organization

from ...models import Indicator, Submission, Value
from .figures import EntryGroup, EntryRow
from .ranges import history_ranges

# --- The rows of the form -------------------------------------------------------------------


def entry_indicators(period):
    return list(
        Indicator.objects.active_in(period.calendar_month).entered().select_related("part_of")
    )


def entry_rows(submission_or_organization, period):
    """The period's entered indicators grouped by `group`, with current and last month's values.

    An indicator broken down by direction gets its total row followed by one row per direction.
    Accepts a submission (saved or not) or an organization (its submission, if any, is used).
    """
    organization, submission = _organization_and_submission(submission_or_organization, period)
    directions = list(Direction.objects.order_by("order", "id"))
    saved = submission is not None and submission.pk is not None
    current = stored_figures(submission) if saved else {}
    explanations = stored_explanations(submission) if saved else {}
    previous = previous_figures(organization, period)
    indicators = entry_indicators(period)
    ranges = history_ranges(organization, period, indicators) if organization.pk else {}
    groups = {}
    for indicator in indicators:
        rows = groups.setdefault(indicator.group, [])
        for direction in [None, *directions] if indicator.by_direction else [None]:
            row = EntryRow(indicator, direction, None, None)
            row.value, row.previous = current.get(row.key), previous.get(row.key)
            row.explanation = explanations.get(row.key, "")
            row.expected = ranges.get(row.key)
            rows.append(row)
    return [EntryGroup(name, rows) for name, rows in groups.items()]


def _organization_and_submission(submission_or_organization, period):
    if isinstance(submission_or_organization, Organization):
        organization = submission_or_organization
        return organization, find_submission(organization, period)
    return submission_or_organization.organization, submission_or_organization


def stored_figures(submission):
    return _figures(Value.objects.filter(submission=submission))


def stored_explanations(submission):
    rows = (
        Value.objects.filter(submission=submission)
        .exclude(explanation="")
        .values_list("indicator__code", "direction__code", "explanation")
    )
    return {(code, direction): text for code, direction, text in rows}


def previous_figures(organization, period):
    """What the organization saved for the month before, whatever that report's status."""
    previous = period.previous()
    if previous is None:
        return {}
    return _figures(
        Value.objects.filter(submission__organization=organization, submission__period=previous)
    )


def _figures(values):
    rows = values.values_list("indicator__code", "direction__code", "value")
    return {(code, direction): value for code, direction, value in rows}


# --- Overview -------------------------------------------------------------------------------


def submission_overview(organizations, periods):
    """[(organization, [(period, submission or None), …]), …] in three queries."""
    organizations = list(organizations)
    found = {
        (submission.organization_id, submission.period_id): submission
        for submission in Submission.objects.filter(
            organization__in=[organization.pk for organization in organizations],
            period__in=[period.pk for period in periods],
        )
    }
    return [
        (organization, [(period, found.get((organization.pk, period.pk))) for period in periods])
        for organization in organizations
    ]


def find_submission(organization, period):
    """The organization's report for the period; None before its first save (and always for
    a period that has no row yet)."""
    if period.pk is None:
        return None
    return (
        Submission.objects.select_related("saved_by", "submitted_by", "reviewed_by")
        .filter(organization=organization, period=period)
        .first()
    )

"""The demo's monitoring data obeys the rules it demonstrates."""

import re
from decimal import Decimal

import pytest

from monitoring.demo import seed_monitoring, split
from monitoring.models import Submission, SubmissionEvent
from monitoring.services.submissions import entry_indicators, stored_figures, validate_figures
from tests.factories import make_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    for _ in range(12):
        make_organization()
    return seed_monitoring(seed=7)


def test_split_shares_a_total_out_in_whole_numbers_that_add_up():
    parts = split(101, {"tech": 1, "science": 1, "art": 1})
    assert sum(parts.values()) == 101 and all(isinstance(v, int) for v in parts.values())
    assert sum(split(7, {"tech": 0, "art": 0}).values()) == 7


def test_every_demo_report_passes_every_rule(demo):
    submissions = Submission.objects.select_related("period")
    assert submissions.count() > 100
    for submission in submissions:
        errors = validate_figures(
            stored_figures(submission), entry_indicators(submission.period), require_all=True
        )
        assert errors == [], (submission, errors)


def test_a_returned_demo_report_is_commented_truthfully(demo):
    returned = list(Submission.objects.filter(status=Submission.Status.RETURNED))
    assert returned
    for submission in returned:
        stored = stored_figures(submission)[("children_ovz", None)]
        now = re.search(r"выросло с \d+ до (\d+)", submission.return_comment).group(1)
        assert Decimal(now) == stored
        event = SubmissionEvent.objects.get(submission=submission, kind="returned")
        assert event.comment == submission.return_comment


def test_demo_reports_carry_their_trail(demo):
    accepted = Submission.objects.filter(status=Submission.Status.ACCEPTED).first()
    kinds = list(accepted.events.values_list("kind", flat=True))
    assert kinds == ["submitted", "accepted"]


def test_the_demo_timeliness_grid_shows_every_state():
    import datetime

    import time_machine

    from monitoring.selectors.timeliness import State, timeliness_grid

    for _ in range(12):
        make_organization()
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC), tick=False):
        seed_monitoring(seed=7)
        grid = timeliness_grid(2026)

    assert {State.ON_TIME, State.LATE, State.NOT_SENT, State.RETURNED} <= set(grid.counts)

"""The suite's clock (tests/conftest.py): every in-process test starts at --clock."""

import datetime

import pytest
from django.utils import timezone

from moc_portal.core.months import Month


def test_a_test_starts_at_the_chosen_moment(request):
    chosen = datetime.datetime.fromisoformat(request.config.getoption("clock"))
    assert abs(timezone.now() - chosen) < datetime.timedelta(minutes=1)
    assert timezone.localdate() == chosen.astimezone(timezone.get_current_timezone()).date()


@pytest.mark.parametrize(
    ("moment", "today", "last_ended"),
    [
        ("2026-10-31T23:59:59+03:00", datetime.date(2026, 10, 31), Month(2026, 9)),
        ("2026-11-01T00:00:00+03:00", datetime.date(2026, 11, 1), Month(2026, 10)),
        ("2026-12-31T23:59:59+03:00", datetime.date(2026, 12, 31), Month(2026, 11)),
        ("2027-01-01T00:00:00+03:00", datetime.date(2027, 1, 1), Month(2026, 12)),
        ("2028-02-29T23:59:59+03:00", datetime.date(2028, 2, 29), Month(2028, 1)),
        # Midnight in Moscow is 21:00 UTC: the day is Moscow's, not the server's.
        ("2026-11-30T21:30:00+00:00", datetime.date(2026, 12, 1), Month(2026, 11)),
    ],
)
def test_today_and_the_month_just_ended_follow_the_clock_in_moscow(
    time_machine, moment, today, last_ended
):
    time_machine.move_to(datetime.datetime.fromisoformat(moment), tick=False)
    assert timezone.localdate() == today
    assert Month.last_ended() == last_ended

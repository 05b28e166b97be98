"""Values «на контроль»: marked on the report page, listed with their context, closed with a
resolution, and counted on the dashboard."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from monitoring.models import FollowUp
from monitoring.services.follow_up import close_follow_up, mark_for_follow_up
from monitoring.services.submissions import SubmissionError
from tests.factories import make_organization, make_period, make_submission
from tests.monitoring.complete_figures import COMPLETE

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(django_user_model):
    user = django_user_model.objects.create_user(
        "methodist", first_name="Ольга", last_name="Иванова", is_staff=True
    )
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["review_submission", "view_dashboard"])
    )
    return user


@pytest.fixture
def report():
    return make_submission(
        make_organization(short_name="ДДТ"), make_period(2026, 10), values=COMPLETE
    )


def test_a_reviewer_marks_a_value_on_the_report_page(client, reviewer, report):
    client.force_login(reviewer)
    page = client.get(report.get_absolute_url())
    mark_url = reverse("monitoring:follow_up_mark", args=["2026-10", report.organization.slug])
    assert page.context["follow_up_form"] is not None
    assert f'action="{mark_url}"' in page.content.decode()

    response = client.post(
        mark_url, {"key": "children_ovz", "note": "Сверить со списком детей с ОВЗ"}
    )

    assert response.status_code == 302
    mark = FollowUp.objects.get()
    assert (mark.indicator.code, mark.direction, mark.value) == ("children_ovz", None, 5)
    assert mark.marked_by == reviewer and mark.is_open


def test_the_list_shows_open_marks_with_their_context_and_how_old(client, reviewer, report):
    with time_machine.travel(datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC), tick=False):
        open_one = mark_for_follow_up(report, ("children_total", "tech"), "Много", reviewer)
        closed = mark_for_follow_up(report, ("teachers_total", None), "Мало", reviewer)
        close_follow_up(closed, "Проверили, верно", reviewer)
    client.force_login(reviewer)
    with time_machine.travel(datetime.datetime(2026, 11, 13, 9, tzinfo=datetime.UTC), tick=False):
        page = client.get(reverse("monitoring:follow_up"))

    assert [mark.pk for mark in page.context["follow_ups"]] == [open_one.pk]
    text = page.content.decode()
    for expected in ("ДДТ", "октябрь 2026", "Техническая", "Много", "Ольга Иванова", "3"):
        assert expected in text
    assert "Мало" not in text


def test_closing_needs_a_resolution_and_happens_once(client, reviewer, report):
    mark = mark_for_follow_up(report, ("children_ovz", None), "Проверить", reviewer)
    client.force_login(reviewer)
    url = reverse("monitoring:follow_up_close", args=[mark.pk])

    client.post(url, {"resolution": "  "})
    mark.refresh_from_db()
    assert mark.is_open
    client.post(url, {"resolution": "Организация подтвердила"})
    mark.refresh_from_db()
    assert (mark.resolution, mark.closed_by) == ("Организация подтвердила", reviewer)
    with pytest.raises(SubmissionError):
        close_follow_up(mark, "Ещё раз", reviewer)


def test_a_mark_needs_a_note_and_a_value_that_exists(reviewer, report):
    with pytest.raises(SubmissionError):
        mark_for_follow_up(report, ("children_ovz", None), " ", reviewer)
    with pytest.raises(SubmissionError):
        mark_for_follow_up(report, ("winners_federal", None), "Нет такого", reviewer)


def test_the_dashboard_counts_open_marks(client, reviewer, report):
    first = mark_for_follow_up(report, ("children_ovz", None), "Один", reviewer)
    mark_for_follow_up(report, ("teachers_total", None), "Два", reviewer)
    close_follow_up(first, "Решено", reviewer)
    client.force_login(reviewer)

    page = client.get(reverse("monitoring:dashboard"), {"period": "2026-10"})

    assert page.context["follow_up_count"] == 1
    link = f'href="{reverse("monitoring:follow_up")}" id="follow-up-link" data-count="1"'
    assert link in page.content.decode()


def test_the_list_takes_the_same_queries_for_3_and_30_marks(
    client, reviewer, report, django_assert_max_num_queries
):
    client.force_login(reviewer)
    for n in range(30):
        mark_for_follow_up(report, ("children_ovz", None), f"Отметка {n}", reviewer)
    with django_assert_max_num_queries(8):
        client.get(reverse("monitoring:follow_up"))


def test_representatives_cannot_mark(client, django_user_model, report):
    rep = django_user_model.objects.create_user("rep", is_staff=True)
    report.organization.representatives.add(rep)
    client.force_login(rep)
    response = client.post(
        reverse("monitoring:follow_up_mark", args=["2026-10", report.organization.slug]),
        {"key": "children_ovz", "note": "Сам себя"},
    )
    assert response.status_code == 403
    assert not FollowUp.objects.exists()

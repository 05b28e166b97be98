"""Locked months: entry closes after the deadline and grace by every write path (form, upload,
admin); an exception reopens it for one organization until a date; a return for revision in a
locked month grants one; a closed period overrides them all; the daily task is idempotent."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from monitoring.models import EntryException, MonitoringSettings, Submission, SubmissionEvent
from monitoring.services.locking import grant_exception, lock_due_months
from monitoring.services.periods import close_period
from monitoring.services.submissions import (
    SubmissionError,
    accept,
    return_for_revision,
    save_figures,
    stored_figures,
)
from tests.factories import make_organization, make_period, make_submission
from tests.monitoring.complete_figures import COMPLETE, as_figures
from tests.monitoring.test_rules import admin_form_data
from tests.monitoring.test_submission_views import REQUIRED, download, fill, form_data, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entry_locks")]

# October 2026 is due on 5 November; with 3 grace days entry is open through 8 November.
LAST_OPEN = datetime.datetime(2026, 11, 8, 20, tzinfo=datetime.UTC)
FIRST_LOCKED = datetime.datetime(2026, 11, 9, 9, tzinfo=datetime.UTC)
LATER = datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC)
GRACE = 3


@pytest.fixture(autouse=True)
def grace():
    MonitoringSettings.objects.update_or_create(pk=1, defaults={"grace_days": GRACE})


@pytest.fixture
def methodist(django_user_model):
    user = django_user_model.objects.create_user("methodist", is_staff=True, is_superuser=True)
    return user


@pytest.fixture
def rep_client(client, representative):
    client.force_login(representative)
    return client


def form_post(client, organization, period):
    return client.post(
        reverse("monitoring:submission", args=[period.code, organization.slug]),
        form_data(0, **{**REQUIRED, "events_total": "9"}),
    )


def typed(organization, period):
    submission = Submission.objects.filter(organization=organization, period=period).first()
    return stored_figures(submission).get(("events_total", None)) if submission else None


# --- The form ---------------------------------------------------------------------------------


def test_the_form_saves_on_the_last_day_of_grace(rep_client, organization, period):
    with time_machine.travel(LAST_OPEN, tick=False):
        assert form_post(rep_client, organization, period).status_code == 302
    assert typed(organization, period) == Decimal(9)


def test_the_form_changes_nothing_the_day_after_and_says_why(rep_client, organization, period):
    with time_machine.travel(FIRST_LOCKED, tick=False):
        response = form_post(rep_client, organization, period)
        page = rep_client.get(
            reverse("monitoring:submission", args=[period.code, organization.slug])
        )

    assert response.status_code == 409
    assert typed(organization, period) is None
    assert "закрыт с 9 ноября 2026" in page.content.decode()
    assert page.context["form"] is None
    assert 'name="file"' not in page.content.decode()  # no upload either


def test_an_exception_reopens_the_form_until_its_date_and_no_longer(
    rep_client, organization, period, methodist
):
    with time_machine.travel(FIRST_LOCKED, tick=False):
        grant_exception(
            organization, period, "Болел бухгалтер", datetime.date(2026, 11, 15), methodist
        )
    with time_machine.travel(datetime.datetime(2026, 11, 15, 18, tzinfo=datetime.UTC), tick=False):
        assert form_post(rep_client, organization, period).status_code == 302
    Submission.objects.all().delete()
    with time_machine.travel(datetime.datetime(2026, 11, 16, 9, tzinfo=datetime.UTC), tick=False):
        assert form_post(rep_client, organization, period).status_code == 409
    assert typed(organization, period) is None


def test_an_exception_is_for_one_organization_only(rep_client, organization, period, methodist):
    other = make_organization()
    with time_machine.travel(FIRST_LOCKED, tick=False):
        grant_exception(other, period, "Новая организация", datetime.date(2026, 11, 30), methodist)
        assert form_post(rep_client, organization, period).status_code == 409


def test_a_closed_period_overrides_an_exception(rep_client, organization, period, methodist):
    with time_machine.travel(FIRST_LOCKED, tick=False):
        grant_exception(organization, period, "Причина", datetime.date(2026, 11, 30), methodist)
        close_period(period)
        assert form_post(rep_client, organization, period).status_code == 409
        with pytest.raises(SubmissionError):
            grant_exception(organization, period, "Ещё раз", datetime.date(2026, 11, 30), methodist)
    assert typed(organization, period) is None


# --- The upload -------------------------------------------------------------------------------


def test_the_upload_changes_nothing_in_a_locked_month(rep_client, organization, period, methodist):
    with time_machine.travel(LAST_OPEN, tick=False):
        content = fill(download(rep_client, organization, period).content, REQUIRED)
    with time_machine.travel(FIRST_LOCKED, tick=False):
        refused = upload(rep_client, organization, period, content)
        assert typed(organization, period) is None
        assert "закрыт с 9 ноября 2026" in refused.content.decode()  # the redirect followed
        grant_exception(organization, period, "Причина", datetime.date(2026, 11, 10), methodist)
        upload(rep_client, organization, period, content)
    assert typed(organization, period) == Decimal(4)


# --- The admin --------------------------------------------------------------------------------


def admin_correction(client, submission):
    return client.post(
        reverse("admin:monitoring_submission_change", args=[submission.pk]),
        admin_form_data(submission, {("children_ovz", None): "7"}),
    )


def test_the_admin_changes_nothing_in_a_locked_month(client, organization, period, methodist):
    report = make_submission(organization, period, status="submitted", values=COMPLETE)
    client.force_login(methodist)
    with time_machine.travel(FIRST_LOCKED, tick=False):
        response = admin_correction(client, report)
    assert response.status_code == 200
    assert "закрыт с 9 ноября 2026" in response.content.decode()
    assert stored_figures(report)[("children_ovz", None)] == Decimal(5)

    with time_machine.travel(LAST_OPEN, tick=False):
        assert admin_correction(client, report).status_code == 302
    assert stored_figures(report)[("children_ovz", None)] == Decimal(7)


def test_a_methodist_grants_an_exception_in_the_admin_and_it_is_logged(
    client, organization, period, methodist
):
    client.force_login(methodist)
    with time_machine.travel(FIRST_LOCKED, tick=False):
        response = client.post(
            reverse("admin:monitoring_entryexception_add"),
            {
                "organization": organization.pk,
                "period": period.pk,
                "reason": "Сбой почты",
                "until": "2026-11-12",
            },
        )
    assert response.status_code == 302
    exception = EntryException.objects.get()
    assert (exception.granted_by, exception.reason) == (methodist, "Сбой почты")
    assert exception.history.get().history_type == "+"


# --- Return for revision, accepted reports -------------------------------------------------


def test_returning_in_a_locked_month_needs_a_date_and_reopens_exactly_that_report(
    organization, period, methodist
):
    report = make_submission(organization, period, status="submitted", values=COMPLETE)
    neighbour = make_submission(make_organization(), period, status="draft", values=COMPLETE)
    with time_machine.travel(FIRST_LOCKED, tick=False):
        accept(report, methodist)
        with pytest.raises(SubmissionError, match="до какого числа"):
            return_for_revision(report, methodist, "Сверьте число детей с ОВЗ")
        return_for_revision(
            report, methodist, "Сверьте число детей с ОВЗ", until=datetime.date(2026, 11, 25)
        )
        fixed = {**as_figures(), ("children_ovz", None): Decimal(6)}
        save_figures(report, fixed, methodist, report.version)
        with pytest.raises(SubmissionError, match="закрыт"):
            save_figures(neighbour, fixed, methodist, neighbour.version)

    assert stored_figures(report)[("children_ovz", None)] == Decimal(6)
    assert stored_figures(neighbour)[("children_ovz", None)] == Decimal(5)
    kinds = list(report.events.values_list("kind", flat=True))
    assert kinds[:2] == [SubmissionEvent.Kind.ACCEPTED, SubmissionEvent.Kind.RETURNED]
    assert EntryException.objects.get().reason.startswith("Возвращён на доработку")


def test_an_accepted_report_stays_locked_until_returned(organization, period, methodist):
    report = make_submission(organization, period, status="submitted", values=COMPLETE)
    with time_machine.travel(LAST_OPEN, tick=False):
        accept(report, methodist)
        with pytest.raises(SubmissionError, match="принят"):
            save_figures(report, as_figures(), methodist, report.version)
        return_for_revision(report, methodist, "Уточните охват")
        save_figures(report, as_figures(), methodist, report.version)


def test_the_review_page_asks_for_the_date_in_a_locked_month(client, organization, period):
    report = make_submission(organization, period, status="submitted", values=COMPLETE)
    reviewer = make_reviewer()
    client.force_login(reviewer)
    url = reverse("monitoring:submission_review", args=[period.code, organization.slug])
    with time_machine.travel(FIRST_LOCKED, tick=False):
        refused = client.post(url, {"action": "return", "comment": "Исправьте", "version": 0})
        assert refused.status_code == 200
        assert "до какого числа" in refused.content.decode()
        done = client.post(
            url, {"action": "return", "comment": "Исправьте", "version": 0, "until": "2026-11-20"}
        )
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.status == Submission.Status.RETURNED
    assert EntryException.objects.get().until == datetime.date(2026, 11, 20)


def make_reviewer():
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("reviewer", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["review_submission", "view_dashboard"])
    )
    return user


# --- The daily task ---------------------------------------------------------------------------


def test_the_daily_task_marks_locked_months_and_removes_expired_exceptions_once(
    organization, period, methodist
):
    open_one = make_period(2026, 11)  # due 5 December + grace
    with time_machine.travel(FIRST_LOCKED, tick=False):
        grant_exception(organization, period, "Причина", datetime.date(2026, 11, 10), methodist)
    with time_machine.travel(LATER, tick=False):
        first = lock_due_months()
        second = lock_due_months()

    assert first == (1, 1) and second == (0, 0)
    period.refresh_from_db()
    open_one.refresh_from_db()
    assert period.entry_locked_at is not None and open_one.entry_locked_at is None
    assert not EntryException.objects.exists()
    assert [h.history_type for h in EntryException.history.order_by("history_id")] == ["+", "-"]


def test_the_task_runs_through_celery(eager_tasks, period):
    from monitoring.tasks import lock_due_months_task

    with time_machine.travel(LATER, tick=False):
        assert tuple(lock_due_months_task.delay().get()) == (1, 0)
    period.refresh_from_db()
    assert period.entry_locked_at is not None

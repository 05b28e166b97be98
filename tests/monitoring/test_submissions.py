import threading
from decimal import Decimal

import pytest
from django.db import connection

from monitoring.models import Indicator, Submission
from monitoring.services.submissions import (
    ConcurrentEditError,
    InvalidFigures,
    SubmissionError,
    accept,
    entry_indicators,
    entry_rows,
    get_or_create_submission,
    parse_number,
    return_for_revision,
    save_entry,
    save_figures,
    stored_figures,
    submit,
    validate_figures,
)
from tests.factories import make_organization, make_period, make_submission

pytestmark = pytest.mark.django_db

REQUIRED = {
    ("children_total", None): Decimal(120),
    ("children_tech_science", None): Decimal(30),
    ("children_ovz", None): Decimal(5),
    ("children_rural", None): Decimal(0),
    ("children_hard_life", None): Decimal(2),
    ("children_certificate", None): Decimal(90),
    ("teachers_total", None): Decimal(12),
    ("teachers_trained", None): Decimal(3),
    ("events_total", None): Decimal(4),
    ("event_participants", None): Decimal(200),
    # The breakdown adds up to children_total; tech + science = children_tech_science.
    ("children_total", "tech"): Decimal(20),
    ("children_total", "science"): Decimal(10),
    ("children_total", "art"): Decimal(90),
}


def rows_by_code(groups):
    return {row.code: row for group in groups for row in group.rows}


def errors_for(figures, period=None, **options):
    indicators = entry_indicators(period or make_period())
    return validate_figures(figures, indicators, **options)


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user(
        "ivanova", first_name="Мария", last_name="Иванова", is_staff=True
    )


@pytest.fixture
def other_user(django_user_model):
    return django_user_model.objects.create_user(
        "petrov", first_name="Пётр", last_name="Петров", is_staff=True
    )


@pytest.fixture
def draft():
    return get_or_create_submission(make_organization(), make_period())


# --- The rows of the form -------------------------------------------------------------------


def test_entry_rows_hold_only_entered_indicators():
    codes = set(rows_by_code(entry_rows(make_organization(), make_period())))
    assert "children_total" in codes and "teachers_total" in codes
    assert not codes & {"programs_total", "children_population", "coverage_total"}


def test_entry_rows_are_grouped_in_indicator_order():
    groups = entry_rows(make_organization(), make_period())
    assert [group.name for group in groups] == ["Охват", "Кадры", "Мероприятия", "ПФДО"]


def test_an_indicator_by_direction_gets_its_total_then_one_row_per_direction():
    groups = entry_rows(make_organization(), make_period())
    codes = [row.code for row in groups[0].rows]
    start = codes.index("children_total")
    assert codes[start : start + 7] == [
        "children_total",
        "children_total:tech",
        "children_total:science",
        "children_total:art",
        "children_total:sport",
        "children_total:tourism",
        "children_total:social",
    ]


def test_entry_rows_show_last_months_value_beside_the_current_one():
    organization = make_organization()
    make_submission(organization, make_period(2026, 9), values={"children_total": 110})
    current = make_submission(
        organization, make_period(2026, 10), status="draft", values={"children_total": 120}
    )
    row = rows_by_code(entry_rows(current, current.period))["children_total"]
    assert (row.value, row.previous) == (Decimal(120), Decimal(110))


def test_entry_rows_of_an_organization_without_a_report_are_empty():
    organization = make_organization()
    rows = rows_by_code(entry_rows(organization, make_period())).values()
    assert all(row.value is None and row.previous is None for row in rows)


def test_entry_rows_leave_out_indicators_inactive_in_the_period():
    Indicator.objects.filter(code="winners_federal").update(active_to="2026-09-30")
    codes = rows_by_code(entry_rows(make_organization(), make_period(2026, 10)))
    assert "winners_federal" not in codes


def test_entry_rows_take_a_bounded_number_of_queries(django_assert_max_num_queries):
    organization = make_organization()
    period = make_period()
    make_submission(organization, period, status="draft", values={"children_total": 1})
    # 6, and 2 for the expected ranges: the monitoring settings (k) and the history.
    with django_assert_max_num_queries(8):
        entry_rows(organization, period)


# --- Numbers and rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [("12,5", Decimal("12.5")), ("1 200", Decimal(1200)), ("1\u00a0200,75", Decimal("1200.75"))],
)
def test_numbers_are_read_the_way_a_russian_user_types_them(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["абв", "12,5,1", "nan", "Infinity", ""])
def test_text_that_is_not_a_number_is_refused(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_a_negative_figure_is_refused():
    [error] = errors_for({("children_total", None): Decimal(-1)})
    assert error.key == ("children_total", None)
    assert "отрицательным" in error.message


def test_a_part_above_its_whole_is_refused():
    [error] = errors_for(
        {("children_total", None): Decimal(10), ("children_ovz", None): Decimal(11)}
    )
    assert error.key == ("children_ovz", None)
    assert "больше, чем «Число детей, занимающихся" in error.message


def test_a_part_equal_to_its_whole_is_accepted():
    figures = {("children_total", None): Decimal(10), ("children_ovz", None): Decimal(10)}
    assert errors_for(figures) == []


def test_a_direction_above_the_indicators_total_is_refused():
    [error] = errors_for(
        {("children_total", None): Decimal(10), ("children_total", "art"): Decimal(12)}
    )
    assert error.key == ("children_total", "art")
    assert "всего по этому показателю" in error.message


def test_directions_may_add_up_to_more_than_the_total():
    """A child attending two directions counts in both but once in the total."""
    figures = {
        ("children_total", None): Decimal(10),
        ("children_total", "art"): Decimal(8),
        ("children_total", "sport"): Decimal(8),
    }
    assert errors_for(figures) == []


def test_more_than_two_decimal_places_are_refused():
    [error] = errors_for({("group_size_average", None): Decimal("12.345")})
    assert "двух знаков" in error.message


def test_a_draft_may_leave_required_indicators_empty():
    assert errors_for({("children_total", None): Decimal(10)}) == []


def test_sending_needs_every_required_indicator():
    figures = dict(REQUIRED)
    del figures[("teachers_total", None)]
    del figures[("teachers_trained", None)]
    errors = errors_for(figures, require_all=True)
    assert {error.key for error in errors} == {("teachers_total", None), ("teachers_trained", None)}


def test_sending_with_every_required_indicator_is_accepted():
    assert errors_for(REQUIRED, require_all=True) == []


def test_an_unknown_indicator_is_refused():
    [error] = errors_for({("programs_total", None): Decimal(1)})
    assert "неизвестный показатель" in error.message


# --- Saving ---------------------------------------------------------------------------------


def test_saving_replaces_the_figures(draft, user):
    save_figures(draft, {("children_total", None): Decimal(5)}, user, 0)
    save_figures(draft, {("teachers_total", None): Decimal(7)}, user, 1)
    assert stored_figures(draft) == {("teachers_total", None): Decimal(7)}


def test_saving_bumps_the_version_and_records_who_and_when(draft, user):
    saved = save_figures(draft, {("children_total", None): Decimal(5)}, user, 0)
    saved.refresh_from_db()
    assert saved.version == 1
    assert saved.saved_by == user
    assert saved.saved_at is not None


def test_saving_stores_direction_figures(draft, user):
    save_figures(draft, {("children_total", "tech"): Decimal(4)}, user, 0)
    assert stored_figures(draft) == {("children_total", "tech"): Decimal(4)}


def test_a_save_from_an_older_version_is_refused_and_changes_nothing(draft, user, other_user):
    save_figures(draft, {("children_total", None): Decimal(5)}, other_user, 0)
    with pytest.raises(ConcurrentEditError) as refused:
        save_figures(draft, {("children_total", None): Decimal(99)}, user, 0)
    assert stored_figures(draft) == {("children_total", None): Decimal(5)}
    assert str(refused.value).startswith("Отчёт уже изменил(а) Пётр Петров в ")
    assert "ваши данные не сохранены, они остались в форме" in str(refused.value)


def test_saving_refuses_figures_that_break_the_rules(draft, user):
    with pytest.raises(InvalidFigures):
        save_figures(draft, {("children_total", None): Decimal(-5)}, user, 0)
    assert stored_figures(draft) == {}


def test_saving_in_a_closed_period_is_refused(user):
    submission = get_or_create_submission(make_organization(), make_period(is_closed=True))
    with pytest.raises(SubmissionError, match="закрыт"):
        save_figures(submission, {("children_total", None): Decimal(5)}, user, 0)


@pytest.mark.parametrize("status", ["submitted", "accepted"])
def test_saving_a_sent_report_is_refused(status, user):
    submission = make_submission(status=status)
    with pytest.raises(SubmissionError, match="изменить его нельзя"):
        save_figures(submission, {("children_total", None): Decimal(5)}, user, 0)


def test_saving_a_returned_report_is_allowed(user):
    submission = make_submission(status="returned")
    save_figures(submission, {("children_total", None): Decimal(5)}, user, 0)
    assert stored_figures(submission) == {("children_total", None): Decimal(5)}


def test_get_or_create_submission_returns_the_same_report_twice():
    organization, period = make_organization(), make_period()
    first = get_or_create_submission(organization, period)
    assert get_or_create_submission(organization, period) == first


def test_save_entry_creates_the_report_on_its_first_save(user):
    organization, period = make_organization(), make_period()
    save_entry(organization, period, {("children_total", None): Decimal(5)}, user, 0)
    assert Submission.objects.get(organization=organization, period=period).version == 1


def test_save_entry_saves_nothing_when_sending_is_refused(user):
    organization, period = make_organization(), make_period()
    figures = {("children_total", None): Decimal(5)}
    with pytest.raises(InvalidFigures):
        save_entry(organization, period, figures, user, 0, send=True)
    assert not Submission.objects.filter(organization=organization).exists()


# --- Sending and the review -----------------------------------------------------------------


def test_sending_records_who_and_when(draft, user):
    save_figures(draft, REQUIRED, user, 0)
    sent = submit(draft, user)
    sent.refresh_from_db()
    assert sent.status == Submission.Status.SUBMITTED
    assert (sent.submitted_by, sent.submitted_at is not None) == (user, True)


def test_sending_without_the_required_figures_is_refused(draft, user):
    save_figures(draft, {("children_total", None): Decimal(5)}, user, 0)
    with pytest.raises(InvalidFigures):
        submit(draft, user)
    draft.refresh_from_db()
    assert draft.status == Submission.Status.DRAFT


def test_accepting_records_the_reviewer(user):
    accepted = accept(make_submission(status="submitted"), user)
    accepted.refresh_from_db()
    assert accepted.status == Submission.Status.ACCEPTED
    assert accepted.reviewed_by == user


def test_only_a_sent_report_can_be_accepted(draft, user):
    with pytest.raises(SubmissionError):
        accept(draft, user)


def test_accepting_a_report_changed_since_it_was_shown_is_refused(user):
    submission = make_submission(status="submitted")
    Submission.objects.filter(pk=submission.pk).update(version=3)
    with pytest.raises(ConcurrentEditError):
        accept(submission, user, expected_version=2)


def test_returning_keeps_the_comment_and_makes_the_report_editable(user):
    returned = return_for_revision(make_submission(status="submitted"), user, "Проверьте ОВЗ")
    returned.refresh_from_db()
    assert returned.status == Submission.Status.RETURNED
    assert returned.return_comment == "Проверьте ОВЗ"
    assert returned.is_editable


@pytest.mark.parametrize("comment", ["", "   "])
def test_returning_without_a_comment_is_refused(comment, user):
    submission = make_submission(status="submitted")
    with pytest.raises(SubmissionError, match="комментари"):
        return_for_revision(submission, user, comment)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED


def test_returning_in_a_closed_period_is_refused(user):
    submission = make_submission(period=make_period(is_closed=True), status="submitted")
    with pytest.raises(SubmissionError, match="закрыт"):
        return_for_revision(submission, user, "Исправьте")


# --- Two people at once (real transactions) -------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_rows")
def test_of_two_simultaneous_saves_from_one_version_only_one_wins(user, other_user):
    submission = get_or_create_submission(make_organization(), make_period())
    start = threading.Barrier(2)
    outcomes = []

    def save(person, value):
        try:
            start.wait()
            save_figures(submission, {("children_total", None): Decimal(value)}, person, 0)
            outcomes.append("saved")
        except ConcurrentEditError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(person, value))
        for person, value in [(user, 1), (other_user, 2)]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    submission.refresh_from_db()
    assert sorted(outcomes) == ["refused", "saved"]
    assert submission.version == 1
    assert len(stored_figures(submission)) == 1

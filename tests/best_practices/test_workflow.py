"""The status workflow: every allowed transition works, every other one is refused."""

import pytest

from best_practices.models import PracticeSettings, PracticeTransition, Status
from best_practices.services import workflow
from best_practices.services.workflow import WorkflowError, transition
from moc_portal.core import outbox

from .factories import make_methodist, make_practice, make_review

pytestmark = pytest.mark.django_db

STAFF_MOVES = [
    (Status.SUBMITTED, Status.SCREENING),
    (Status.SUBMITTED, Status.RETURNED),
    (Status.SUBMITTED, Status.REJECTED),
    (Status.SCREENING, Status.REVIEW),
    (Status.SCREENING, Status.RETURNED),
    (Status.SCREENING, Status.REJECTED),
    (Status.REVIEW, Status.PUBLISHED),
    (Status.REVIEW, Status.RETURNED),
    (Status.REVIEW, Status.REJECTED),
]
AUTHOR_MOVES = [(Status.RETURNED, Status.SUBMITTED)]
REFUSED_STAFF_MOVES = [
    (source, target)
    for source in Status
    for target in Status
    if source != target and (source, target) not in STAFF_MOVES
]


def _ready(practice):
    """Enough completed reviews to publish."""
    for _ in range(PracticeSettings.load().min_reviews):
        make_review(practice)


def test_the_table_lists_exactly_the_moves_of_the_issue():
    listed = {
        (source, move.target, move.by_author)
        for source, moves in workflow.ALLOWED.items()
        for move in moves
    }
    expected = {(s, t, False) for s, t in STAFF_MOVES} | {(s, t, True) for s, t in AUTHOR_MOVES}
    assert listed == expected


@pytest.mark.parametrize(("source", "target"), STAFF_MOVES)
def test_staff_may_make_each_allowed_move_and_it_is_recorded(source, target):
    methodist = make_methodist()
    practice = make_practice(source)
    if target == Status.PUBLISHED:
        _ready(practice)
    record = transition(practice, target, actor=methodist, comment="Комментарий методиста")
    practice.refresh_from_db()
    assert practice.status == target
    assert (record.from_status, record.to_status) == (source, target)
    assert record.actor == methodist
    assert record.comment == "Комментарий методиста"
    assert record.created_at is not None


@pytest.mark.parametrize(("source", "target"), REFUSED_STAFF_MOVES)
def test_staff_cannot_make_a_move_the_table_does_not_allow(source, target):
    practice = make_practice(source)
    _ready(practice)
    before = PracticeTransition.objects.count()
    with pytest.raises(WorkflowError, match="Нельзя перевести"):
        transition(practice, target, actor=make_methodist(), comment="причина")
    practice.refresh_from_db()
    assert practice.status == source
    assert PracticeTransition.objects.count() == before


def test_the_author_resubmits_a_returned_practice():
    practice = make_practice(Status.RETURNED)
    record = transition(practice, Status.SUBMITTED, actor=None, comment="Доработано")
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    assert record.actor is None
    assert record.actor_name == "автор"


@pytest.mark.parametrize("source", [s for s in Status if s != Status.RETURNED])
def test_the_author_cannot_move_a_practice_that_is_not_returned(source):
    practice = make_practice(source)
    with pytest.raises(WorkflowError):
        transition(practice, Status.SUBMITTED, actor=None)


def test_staff_cannot_resubmit_for_the_author():
    practice = make_practice(Status.RETURNED)
    with pytest.raises(WorkflowError):
        transition(practice, Status.SUBMITTED, actor=make_methodist())


@pytest.mark.parametrize("target", [Status.RETURNED, Status.REJECTED])
def test_returning_or_rejecting_needs_a_comment(target):
    practice = make_practice(Status.SCREENING)
    with pytest.raises(WorkflowError, match="комментарий"):
        transition(practice, target, actor=make_methodist(), comment="   ")
    practice.refresh_from_db()
    assert practice.status == Status.SCREENING


def test_publishing_needs_the_minimum_number_of_completed_reviews():
    practice = make_practice(Status.REVIEW)
    make_review(practice)
    make_review(practice, done=False)  # assigned, not scored: does not count
    with pytest.raises(WorkflowError, match="не меньше 2 экспертных оценок, выставлено: 1"):
        transition(practice, Status.PUBLISHED, actor=make_methodist())
    make_review(practice)
    transition(practice, Status.PUBLISHED, actor=make_methodist())
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED
    assert practice.published_at is not None


def test_the_minimum_number_of_reviews_is_a_setting():
    settings_row = PracticeSettings.load()
    settings_row.min_reviews = 1
    settings_row.save()
    practice = make_practice(Status.REVIEW)
    make_review(practice)
    transition(practice, Status.PUBLISHED, actor=make_methodist())
    assert practice.status == Status.PUBLISHED


def test_staff_targets_follow_the_table():
    assert workflow.staff_targets(make_practice(Status.SCREENING)) == [
        Status.REVIEW,
        Status.RETURNED,
        Status.REJECTED,
    ]
    assert workflow.staff_targets(make_practice(Status.PUBLISHED)) == []


def test_the_author_hears_of_publication_with_an_absolute_link(mailoutbox, settings):
    settings.SITE_URL = "https://moc.example.ru"
    practice = make_practice(Status.REVIEW)
    _ready(practice)
    transition(practice, Status.PUBLISHED, actor=make_methodist())
    outbox.deliver_due()
    mail = next(m for m in mailoutbox if m.to == [practice.contact_email])
    assert practice.reference in mail.subject
    assert f"https://moc.example.ru/practices/{practice.slug}/" in mail.body


def test_the_author_hears_why_a_practice_was_rejected(mailoutbox):
    practice = make_practice(Status.SUBMITTED)
    transition(practice, Status.REJECTED, actor=make_methodist(), comment="Не по теме банка")
    outbox.deliver_due()
    mail = next(m for m in mailoutbox if m.to == [practice.contact_email])
    assert practice.reference in mail.subject
    assert Status.REJECTED.label.lower() in mail.subject  # the news is the new status
    assert "Не по теме банка" in mail.body


def test_the_start_of_the_technical_check_is_not_mailed(mailoutbox):
    practice = make_practice(Status.SUBMITTED)
    transition(practice, Status.SCREENING, actor=make_methodist())
    outbox.deliver_due()
    assert mailoutbox == []

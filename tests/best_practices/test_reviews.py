"""Experts' reviews: assignment rules, scoring rules and the computed average."""

import pytest

from best_practices.models import Practice, Review, Status
from best_practices.services.reviews import ReviewError, assign_expert, submit_review

from .factories import make_expert, make_methodist, make_practice, make_review, make_user

pytestmark = pytest.mark.django_db

SCORES = {"relevance": 5, "novelty": 3, "effectiveness": 4, "replicability": 2}


def test_a_review_average_is_the_mean_of_the_four_criteria():
    review = make_review(make_practice(Status.REVIEW), scores=(5, 3, 4, 2))
    assert review.average == 3.5


def test_an_unscored_review_has_no_average():
    assert make_review(make_practice(Status.REVIEW), done=False).average is None


def test_the_practice_average_is_computed_over_completed_reviews_only():
    practice = make_practice(Status.REVIEW)
    make_review(practice, scores=(5, 5, 5, 5))
    make_review(practice, scores=(2, 3, 4, 3))
    make_review(practice, done=False)
    annotated = Practice.objects.with_scores().get(pk=practice.pk)
    assert annotated.review_count == 2
    assert annotated.average_score == pytest.approx((5 + 3) / 2)


def test_a_practice_without_reviews_has_no_average():
    annotated = Practice.objects.with_scores().get(pk=make_practice().pk)
    assert (annotated.review_count, annotated.average_score) == (0, None)


def test_a_methodist_assigns_an_expert_at_the_screening_or_review_stage():
    for status in (Status.SCREENING, Status.REVIEW):
        review = assign_expert(make_practice(status), make_expert(), by=make_methodist())
        assert review.pk and review.submitted_at is None


@pytest.mark.parametrize(
    "status", [Status.SUBMITTED, Status.PUBLISHED, Status.RETURNED, Status.REJECTED]
)
def test_experts_are_not_assigned_at_other_stages(status):
    with pytest.raises(ReviewError):
        assign_expert(make_practice(status), make_expert())


def test_only_experts_are_assigned():
    with pytest.raises(ReviewError, match="не эксперт"):
        assign_expert(make_practice(Status.REVIEW), make_user())


def test_an_expert_is_assigned_once_per_practice():
    practice, expert = make_practice(Status.REVIEW), make_expert()
    assign_expert(practice, expert)
    with pytest.raises(ReviewError, match="уже назначен"):
        assign_expert(practice, expert)
    assert Review.objects.filter(practice=practice).count() == 1


def test_the_assigned_expert_scores_every_criterion_with_a_comment():
    review = make_review(make_practice(Status.REVIEW), done=False)
    submit_review(review, scores=SCORES, comment=" Хорошо ", by=review.expert)
    review.refresh_from_db()
    assert review.scores == [5, 3, 4, 2]
    assert review.comment == "Хорошо"
    assert review.submitted_at is not None


def test_another_user_cannot_score_someone_elses_review():
    review = make_review(make_practice(Status.REVIEW), done=False)
    with pytest.raises(ReviewError):
        submit_review(review, scores=SCORES, comment="", by=make_expert())


def test_scores_are_taken_only_while_the_practice_is_under_review():
    review = make_review(make_practice(Status.SCREENING), done=False)
    with pytest.raises(ReviewError, match="на экспертизе"):
        submit_review(review, scores=SCORES, comment="", by=review.expert)


@pytest.mark.parametrize("bad", [{**SCORES, "novelty": 6}, {**SCORES, "novelty": None}])
def test_a_score_outside_zero_to_five_or_missing_is_refused(bad):
    review = make_review(make_practice(Status.REVIEW), done=False)
    with pytest.raises(ReviewError, match="Новизна"):
        submit_review(review, scores=bad, comment="", by=review.expert)

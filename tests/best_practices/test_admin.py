"""The admin: methodists run the workflow and the transfer; experts see only their assignments."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from best_practices.models import Practice, PracticeMaterial, Review, Status
from moc_portal import roles
from tests.pages import fields_in_error, listed, message_levels

from .factories import make_expert, make_methodist, make_practice, make_review

pytestmark = pytest.mark.django_db

PRACTICES = reverse("admin:best_practices_practice_changelist")
REVIEWS = reverse("admin:best_practices_review_changelist")


def change_url(practice):
    return reverse("admin:best_practices_practice_change", args=[practice.pk])


@pytest.fixture
def expert(client):
    user = make_expert("expert")
    client.force_login(user)
    return user


@pytest.fixture
def methodist(client):
    user = make_methodist("methodist")
    client.force_login(user)
    return user


def test_an_expert_is_whoever_holds_the_scoring_permission(django_user_model):
    from django.contrib.auth.models import Permission

    from best_practices.selectors import experts

    outsider = django_user_model.objects.create_user("outsider", is_staff=True)
    assert outsider not in experts()
    outsider.user_permissions.add(Permission.objects.get(codename="score_practice"))
    assert outsider in experts()


def test_an_expert_lists_only_practices_assigned_to_them_under_review(client, expert):
    mine = make_practice(Status.REVIEW, title="Моя на экспертизе")
    make_review(mine, expert, done=False)
    not_yet = make_practice(Status.SCREENING, title="Моя на проверке")
    make_review(not_yet, expert, done=False)
    others = make_practice(Status.REVIEW, title="Чужая на экспертизе")
    make_review(others, done=False)
    make_practice(Status.PUBLISHED, title="Опубликованная")

    assert listed(client.get(PRACTICES)) == {mine}
    assert {review.practice for review in listed(client.get(REVIEWS))} == {mine}


def test_an_expert_cannot_open_a_practice_not_assigned_to_them(client, expert):
    others = make_practice(Status.REVIEW)
    make_review(others, done=False)
    response = client.get(change_url(others))
    assert response.status_code == 302  # the admin sends to the index: "not found"
    assert client.get(change_url(others), follow=True).status_code == 200


def test_an_expert_sees_the_practice_but_not_the_authors_contacts(client, expert):
    practice = make_practice(Status.REVIEW, contact_email="secret-author@example.ru")
    make_review(practice, expert, done=False)
    response = client.get(change_url(practice))
    assert response.status_code == 200
    page = response.content.decode()
    assert practice.title in page
    assert "secret-author@example.ru" not in page


def test_an_expert_scores_an_assigned_practice_in_the_admin(client, expert):
    practice = make_practice(Status.REVIEW)
    review = make_review(practice, expert, done=False)
    url = reverse("admin:best_practices_review_change", args=[review.pk])
    form = {"relevance": "5", "novelty": "4", "effectiveness": "3", "replicability": "4"}
    response = client.post(url, {**form, "comment": "Применимо в сёлах"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.scores == [5, 4, 3, 4]
    assert review.average == 4
    assert review.comment == "Применимо в сёлах"


def test_an_expert_must_fill_every_criterion(client, expert):
    review = make_review(make_practice(Status.REVIEW), expert, done=False)
    url = reverse("admin:best_practices_review_change", args=[review.pk])
    response = client.post(url, {"relevance": "5", "novelty": "", "comment": ""})
    assert response.status_code == 200
    assert fields_in_error(response, "adminform") == {"novelty", "effectiveness", "replicability"}
    review.refresh_from_db()
    assert review.submitted_at is None


def test_an_expert_cannot_change_another_experts_review(client, expert):
    review = make_review(make_practice(Status.REVIEW), done=False)
    url = reverse("admin:best_practices_review_change", args=[review.pk])
    client.post(url, {"relevance": "0", "novelty": "0", "effectiveness": "0", "replicability": "0"})
    review.refresh_from_db()
    assert review.submitted_at is None


def test_an_expert_downloads_a_material_of_an_assigned_practice_only(client, expert):
    mine = make_practice(Status.REVIEW)
    make_review(mine, expert, done=False)
    others = make_practice(Status.REVIEW)
    materials = []
    for practice in (mine, others):
        material = PracticeMaterial(practice=practice, title="Презентация")
        material.file.save("x.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
        material.save()
        materials.append(material)
    ok = client.get(
        reverse("admin:best_practices_practice_material", args=[mine.pk, materials[0].pk])
    )
    assert ok.status_code == 200
    assert ok["Content-Disposition"].startswith("attachment")
    assert ok["X-Content-Type-Options"] == "nosniff"
    assert b"".join(ok.streaming_content).startswith(b"%PDF")
    refused = client.get(
        reverse("admin:best_practices_practice_material", args=[others.pk, materials[1].pk])
    )
    assert refused.status_code == 404


def test_an_expert_cannot_change_status(client, expert):
    practice = make_practice(Status.REVIEW)
    make_review(practice, expert, done=False)
    url = reverse("admin:best_practices_practice_transition", args=[practice.pk])
    assert client.post(url, {"to_status": "rejected", "comment": "нет"}).status_code == 403
    practice.refresh_from_db()
    assert practice.status == Status.REVIEW


def test_a_methodist_lists_every_practice(client, methodist):
    titles = [make_practice(status).title for status in Status]
    page = client.get(PRACTICES).content.decode()
    assert all(title in page for title in titles)


def test_a_methodist_moves_a_practice_with_a_comment(client, methodist):
    practice = make_practice(Status.SUBMITTED)
    url = reverse("admin:best_practices_practice_transition", args=[practice.pk])
    offered = client.get(url).context["form"].fields["to_status"].choices
    assert Status.SCREENING in [value for value, _ in offered]
    response = client.post(url, {"to_status": "returned", "comment": "Добавьте результаты"})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == Status.RETURNED
    record = practice.transitions.last()
    assert (record.actor, record.comment) == (methodist, "Добавьте результаты")


def test_a_refused_move_shows_the_reason_and_changes_nothing(client, methodist):
    practice = make_practice(Status.REVIEW)
    url = reverse("admin:best_practices_practice_transition", args=[practice.pk])
    response = client.post(url, {"to_status": "published", "comment": ""})
    assert response.status_code == 200
    assert fields_in_error(response) == {"__all__"}  # the workflow's refusal, on the form
    [reason] = response.context["form"].non_field_errors()
    assert reason in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == Status.REVIEW


def test_a_methodist_assigns_experts_on_the_practice_page(client, methodist):
    practice = make_practice(Status.SCREENING)
    expert_user = make_expert()
    page = client.get(change_url(practice))
    assert page.status_code == 200
    data = _change_form_data(practice)
    data.update(
        {
            "reviews-TOTAL_FORMS": "1",
            "reviews-INITIAL_FORMS": "0",
            "reviews-0-expert": str(expert_user.pk),
            "reviews-0-practice": str(practice.pk),
        }
    )
    response = client.post(change_url(practice), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    review = Review.objects.get(practice=practice)
    assert (review.expert, review.assigned_by) == (expert_user, methodist)


def test_the_transfer_action_downloads_the_file_and_marks_practices(client, methodist):
    published = make_practice(Status.PUBLISHED, title="Опубликованная")
    response = client.post(
        PRACTICES, {"action": "transfer_selected", "_selected_action": [published.pk]}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert any(row[1] == "Опубликованная" for row in sheet.iter_rows(values_only=True))
    published.refresh_from_db()
    assert published.transferred_at is not None
    assert published.transferred_by == methodist


def test_the_transfer_action_refuses_unpublished_practices(client, methodist):
    draft = make_practice(Status.REVIEW)
    response = client.post(
        PRACTICES, {"action": "transfer_selected", "_selected_action": [draft.pk]}, follow=True
    )
    assert message_levels(response) == ["error"]
    draft.refresh_from_db()
    assert draft.transferred_at is None


def test_experts_have_no_transfer_action(client, expert):
    practice = make_practice(Status.REVIEW)
    make_review(practice, expert, done=False)
    assert "transfer_selected" not in client.get(PRACTICES).content.decode()


def _change_form_data(practice):
    data = {
        name: getattr(practice, name) or ""
        for name in (
            "title",
            "slug",
            "category",
            "year",
            "authors",
            "organization_name",
            "annotation",
            "problem",
            "description",
            "results",
            "resources",
            "contact_name",
            "contact_position",
            "contact_email",
            "contact_phone",
        )
    }
    data.update(
        {
            "direction": practice.direction_id,
            "organization": practice.organization_id or "",
            "age_min": "",
            "age_max": "",
        }
    )
    for prefix in ("materials", "transitions"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


# The role × object matrix of the bank: which group may do what with which model.
MATRIX = {
    roles.METHODISTS: {
        "practice": {"view", "change", "add", "delete"},
        "review": {"view", "change", "add", "delete"},
        "practicematerial": {"view", "change", "add", "delete"},
        "practicetransition": {"view"},
        "practicesettings": {"view", "change"},
    },
    roles.EXPERTS: {
        "practice": {"view"},
        "review": {"view", "change"},
        "practicematerial": {"view"},
        "practicetransition": set(),
        "practicesettings": set(),
    },
    roles.COORDINATORS: {
        model: set()
        for model in (
            "practice",
            "review",
            "practicematerial",
            "practicetransition",
            "practicesettings",
        )
    },
    roles.REPRESENTATIVES: {
        model: set()
        for model in (
            "practice",
            "review",
            "practicematerial",
            "practicetransition",
            "practicesettings",
        )
    },
}


@pytest.mark.parametrize("group", list(MATRIX))
def test_role_by_object_matrix_of_the_bank(group):
    from django.contrib.auth.models import Group

    granted = set(
        Group.objects.get(name=group)
        .permissions.filter(content_type__app_label="best_practices")
        .values_list("codename", flat=True)
    )
    for model, actions in MATRIX[group].items():
        for action in ("view", "change", "add", "delete"):
            assert (f"{action}_{model}" in granted) == (action in actions), (group, model, action)
    workflow_perms = {"transition_practice", "transfer_practice"}
    assert (workflow_perms <= granted) == (group == roles.METHODISTS)


def test_practices_are_not_added_in_the_admin(client, methodist):
    assert client.get(reverse("admin:best_practices_practice_add")).status_code == 403
    assert Practice.objects.count() == 0


def test_a_methodist_changes_the_minimum_number_of_reviews(client, methodist):
    from best_practices.models import PracticeSettings

    listing = client.get(reverse("admin:best_practices_practicesettings_changelist"))
    assert listing.status_code == 302  # straight to the one row
    response = client.post(
        listing.url,
        {"min_reviews": "3", "notification_emails": "", "submissions_per_hour": "5"},
    )
    assert response.status_code == 302
    assert PracticeSettings.load().min_reviews == 3


@pytest.mark.parametrize("rows", [3, 30])
def test_the_practice_list_in_the_admin_runs_a_fixed_number_of_queries(
    client, methodist, django_assert_max_num_queries, rows
):
    for n in range(rows):
        practice = make_practice((Status.REVIEW, Status.PUBLISHED)[n % 2])
        make_review(practice)
    with django_assert_max_num_queries(12):
        assert client.get(PRACTICES).status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_an_experts_review_list_runs_a_fixed_number_of_queries(
    client, expert, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        make_review(make_practice(Status.REVIEW), expert, done=False)
    with django_assert_max_num_queries(10):
        assert client.get(REVIEWS).status_code == 200


def _list_rows(response):
    """The change list's columns and the objects of its rows."""
    changelist = response.context["cl"]
    return changelist.list_display, list(changelist.result_list)


def test_an_expert_sees_neither_other_experts_scores_nor_their_count(client, expert):
    practice = make_practice(Status.REVIEW, title="Под экспертизой")
    make_review(practice, expert, done=False)
    make_review(practice, scores=(1, 2, 1, 2))  # another expert has scored
    make_review(practice, scores=(5, 5, 5, 5))

    response = client.get(PRACTICES)
    columns, rows = _list_rows(response)
    assert [row.pk for row in rows] == [practice.pk]
    assert "average_display" not in columns and "review_count_display" not in columns
    assert not hasattr(rows[0], "average_score") and not hasattr(rows[0], "review_count")
    page = response.content.decode()
    assert "column-own_review_display" in page
    assert rows[0].own_review_submitted is False  # the column says the own score is awaited
    # Sorting by a hidden column's position reveals nothing either.
    assert client.get(PRACTICES, {"o": "6"}).status_code == 200


def test_an_expert_sees_that_they_have_scored(client, expert):
    practice = make_practice(Status.REVIEW)
    make_review(practice, expert, done=True)
    _, rows = _list_rows(client.get(PRACTICES))
    assert rows[0].own_review_submitted is True


def test_a_methodist_sees_every_experts_count_and_average(client, methodist):
    practice = make_practice(Status.REVIEW)
    make_review(practice, scores=(1, 1, 1, 1))
    make_review(practice, scores=(5, 5, 5, 5))
    make_review(practice, done=False)

    columns, rows = _list_rows(client.get(PRACTICES))
    assert {"average_display", "review_count_display"} <= set(columns)
    assert (rows[0].review_count, rows[0].average_score) == (2, 3)

"""Who sees which consultations: a representative only their organization's (also by URL
guessing); methodists the queue; the staff home shows each their part."""

import pytest
from django.urls import reverse

from consultations.models import Attachment, Consultation
from moc_portal.roles import COORDINATORS
from tests.factories import make_organization
from tests.uploads import PDF

from .conftest import make_consultation

pytestmark = pytest.mark.django_db

MINE = reverse("consultations:mine")
ASK = reverse("consultations:ask")


def detail(consultation):
    return reverse("consultations:detail", args=[consultation.pk])


@pytest.fixture
def two(organization):
    other = make_organization(short_name="Чужая школа", slug="other")
    own = make_consultation(organization, question="Свой вопрос о программах")
    foreign = make_consultation(other, question="Чужой вопрос о мониторинге")
    return own, foreign


def test_a_representative_sees_only_their_organizations_consultations(client, representative, two):
    own, foreign = two
    client.force_login(representative)
    listed = list(client.get(MINE).context["consultations"])
    assert listed == [own]
    assert client.get(detail(own)).status_code == 200
    assert client.get(detail(foreign)).status_code == 404
    assert client.get(reverse("consultations:detail", args=[999999])).status_code == 404


def test_a_foreign_attachment_is_not_served_by_guessing_its_address(
    client, settings, tmp_path, representative, two
):
    settings.MEDIA_ROOT = tmp_path
    own, foreign = two
    attachment = Attachment(consultation=foreign, title="Чужой файл")
    from django.core.files.base import ContentFile

    attachment.file.save("x.pdf", ContentFile(PDF), save=True)
    client.force_login(representative)
    for pk in (foreign.pk, own.pk):  # the file's own consultation, and one's own with its id
        url = reverse("consultations:file", args=[pk, attachment.pk])
        assert client.get(url).status_code == 404


def test_asking_for_another_organization_is_refused(client, representative, two):
    _own, foreign = two
    client.force_login(representative)
    response = client.post(
        ASK, {"organization": foreign.organization_id, "topic": "other", "question": "В"}
    )
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert Consultation.objects.count() == 2


def test_staff_who_represent_no_organization_may_not_ask(client, methodist, staff):
    client.force_login(methodist)
    assert client.get(ASK).status_code == 403
    client.force_login(staff("halfway", "Представители организаций"))
    assert client.get(ASK).status_code == 403
    assert list(client.get(MINE).context["consultations"]) == []


def test_a_visitor_is_sent_to_log_in(client, two):
    own, _ = two
    for url in (ASK, MINE, detail(own)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_methodists_and_coordinators_read_every_consultation(client, methodist, staff, two):
    own, foreign = two
    for user in (methodist, staff("coordinator", COORDINATORS)):
        client.force_login(user)
        assert client.get(detail(foreign)).status_code == 200
        assert set(client.get(MINE).context["consultations"]) == {own, foreign}


def test_the_methodists_queue_shows_age_and_status_and_answers_only_by_methodists(
    client, methodist, staff, two
):
    client.force_login(methodist)
    response = client.get(reverse("admin:consultations_consultation_changelist"))
    assert response.status_code == 200
    assert set(response.context["cl"].result_list) == set(two)
    page = response.content.decode()
    assert "status" in response.context["cl"].list_display
    assert f'<td class="field-status">{Consultation.Status.NEW.label}</td>' in page
    coordinator = staff("coordinator", COORDINATORS)
    client.force_login(coordinator)
    own, _ = two
    response = client.post(
        reverse("admin:consultations_consultation_change", args=[own.pk]), {"answer": "Ответ"}
    )
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.answer == ""


@pytest.mark.parametrize("rows", [3, 40])
def test_the_queue_runs_a_fixed_number_of_queries(
    client, methodist, rows, django_assert_max_num_queries
):
    organizations = [make_organization() for _ in range(3)]
    for n in range(rows):
        make_consultation(organizations[n % 3], question=f"Вопрос {n}")
    client.force_login(methodist)
    url = reverse("admin:consultations_consultation_changelist")
    client.get(url)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [3, 40])
def test_the_asker_s_list_runs_a_fixed_number_of_queries(
    client, representative, organization, rows, django_assert_max_num_queries
):
    for n in range(rows):
        make_consultation(organization, question=f"Вопрос {n}")
    client.force_login(representative)
    with django_assert_max_num_queries(7):
        assert client.get(MINE).status_code == 200


def sections(response):
    return {
        section.title: {item.label: (item.url, item.count, item.note) for item in section.items}
        for section in response.context["sections"]
    }


def test_the_staff_home_shows_a_methodist_the_unanswered_consultations(client, methodist, two):
    own, _ = two
    own.status = Consultation.Status.ANSWERED
    own.save()
    client.force_login(methodist)
    items = sections(client.get("/admin/"))["Ждёт вашего решения"]
    url, count, _note = items["Консультации без ответа"]
    assert count == 1
    assert client.get(url).status_code == 200


def test_the_staff_home_shows_a_representative_their_consultations_with_status(
    client, representative, two
):
    own, _ = two
    client.force_login(representative)
    items = sections(client.get("/admin/"))["Мои консультации"]
    url, _count, note = items[str(own)]
    assert url == detail(own)
    assert own.status == Consultation.Status.NEW
    assert note.startswith(f"{own.get_status_display()}; ")
    assert all("Чужой" not in label for label in items)
    assert items["Задать вопрос МОЦ"][0] == ASK

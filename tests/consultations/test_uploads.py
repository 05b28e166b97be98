"""Hostile attachments are refused with a Russian message, and nothing is saved."""

import pytest
from django.urls import reverse

from consultations.models import Attachment, Consultation, Topic
from moc_portal.models import OutgoingMail
from tests.uploads import pdf, renamed_exe, zip_bomb_docx

pytestmark = pytest.mark.django_db

ASK = reverse("consultations:ask")


def stored_files(root):
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.mark.parametrize("hostile", [zip_bomb_docx, renamed_exe], ids=["zip-bomb", "exe"])
def test_a_hostile_attachment_refuses_the_question_and_saves_nothing(
    client, settings, tmp_path, representative, organization, site_email, hostile
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(representative)
    question = "Вопрос с вложением, который должен остаться в форме"
    response = client.post(
        ASK,
        {
            "organization": organization.pk,
            "topic": Topic.OTHER,
            "question": question,
            "files": [pdf(), hostile()],
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["files"]
    assert errors and all(any("а" <= ch <= "я" for ch in error.lower()) for error in errors)
    assert question in response.content.decode()  # what was typed stays
    assert not Consultation.objects.exists()
    assert not Attachment.objects.exists()
    assert not OutgoingMail.objects.exists()
    assert stored_files(tmp_path) == []


def test_too_many_files_are_refused(client, representative, organization):
    client.force_login(representative)
    response = client.post(
        ASK,
        {
            "organization": organization.pk,
            "topic": Topic.OTHER,
            "question": "Вопрос",
            "files": [pdf(f"{n}.pdf") for n in range(6)],
        },
    )
    assert response.status_code == 200
    assert "files" in response.context["form"].errors
    assert not Consultation.objects.exists()


def test_an_accepted_attachment_is_private_and_served_to_the_asker_only(
    client, settings, tmp_path, representative, organization, staff
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(representative)
    client.post(
        ASK,
        {"organization": organization.pk, "topic": Topic.OTHER, "question": "В", "files": pdf()},
    )
    attachment = Attachment.objects.get()
    assert attachment.file.name.startswith("private/")
    url = reverse("consultations:file", args=[attachment.consultation_id, attachment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    b"".join(response.streaming_content)
    client.force_login(staff("stranger", "Представители организаций"))
    assert client.get(url).status_code == 404

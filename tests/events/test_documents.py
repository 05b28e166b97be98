import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from events.models import Document
from tests.pages import element_text

from .conftest import make_document

pytestmark = pytest.mark.django_db


def test_documents_are_listed_by_category_newest_first_with_type_and_size(client):
    now = timezone.now()
    make_document(
        title="Положение о МОЦ",
        category=Document.Category.REGULATIONS,
        number="15-од",
        signed_on=datetime.date(2022, 3, 1),
    )
    make_document(
        title="Отчёт 2025",
        category=Document.Category.REPORTS,
        published_at=now - datetime.timedelta(days=300),
    )
    make_document(title="Отчёт 2026", category=Document.Category.REPORTS, published_at=now)
    make_document(title="Черновик", status=Document.Status.DRAFT)
    response = client.get(reverse("events:document_list"))
    html = response.content.decode()
    sections = response.context["sections"]
    assert [s.name for s in sections] == ["Положение о МОЦ", "Отчёты"]
    assert [d.title for d in sections[1].documents] == ["Отчёт 2026", "Отчёт 2025"]
    assert "№ 15-од от 1 марта 2022" in html
    assert "PDF, 1 КБ" in html
    assert "Черновик" not in html


def test_documents_page_query_count_is_fixed(client, django_assert_max_num_queries):
    for index in range(25):
        make_document(category=Document.Category.choices[index % 6][0])
    with django_assert_max_num_queries(6):
        assert client.get(reverse("events:document_list")).status_code == 200


def test_document_downloads_as_an_attachment_with_a_readable_name(client):
    document = make_document(title="План работы на 2026 год")
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert "2026" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    draft = make_document(status=Document.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_renamed_script_is_refused_as_a_document():
    document = Document(
        title="Вредный",
        category=Document.Category.NORMATIVE,
        file=SimpleUploadedFile("order.pdf", b"MZ\x90\x00 executable"),
    )
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert set(error.value.message_dict) == {"file"}


def test_empty_documents_page_says_so(client):
    make_document(title="Черновик", status=Document.Status.DRAFT)
    response = client.get("/documents/")
    assert response.context["sections"] == []
    assert element_text(response, "no-documents")  # the notice, not an empty page

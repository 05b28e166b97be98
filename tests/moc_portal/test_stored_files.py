"""Private uploads have no address under /media/: the admin links them through a staff view
that serves a file only to those who may open its row."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from events.models import Document
from moc_portal.roles import METHODISTS, REPRESENTATIVES
from tests.events.conftest import make_document
from tests.uploads import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model, client):
    def log_in(group, username="person"):
        user = django_user_model.objects.create_user(username, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        return user

    return log_in


def file_url(document, field="file"):
    content_type = ContentType.objects.get_for_model(Document)
    return reverse("admin_stored_file", args=[content_type.pk, document.pk, field])


def test_the_admin_links_a_private_file_through_the_staff_view_and_it_downloads(client, staff):
    staff(METHODISTS)
    document = make_document(status=Document.Status.DRAFT)
    assert document.file.name.startswith("private/")
    assert document.file.url == file_url(document)

    page = client.get(reverse("admin:events_document_change", args=[document.pk]))
    assert f'href="{file_url(document)}"' in page.content.decode()
    response = client.get(file_url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_staff_who_may_not_open_the_row_get_a_404_and_anonymous_visitors_the_login(client, staff):
    document = make_document(status=Document.Status.DRAFT)
    anonymous = client.get(file_url(document))
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]

    staff(REPRESENTATIVES)
    assert client.get(file_url(document)).status_code == 404


@pytest.mark.parametrize("field", ["title", "absent", "pk"])
def test_a_field_that_is_not_a_file_is_no_address(client, staff, field):
    staff(METHODISTS)
    assert client.get(file_url(make_document(), field)).status_code == 404


def test_a_missing_row_or_a_file_gone_from_disk_is_a_404(client, staff):
    staff(METHODISTS)
    document = make_document()
    document.file.storage.delete(document.file.name)
    assert client.get(file_url(document)).status_code == 404
    content_type = ContentType.objects.get_for_model(Document)
    missing = reverse("admin_stored_file", args=[content_type.pk, 999_999, "file"])
    assert client.get(missing).status_code == 404

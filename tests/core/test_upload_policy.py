"""The upload policy: every file field of every model goes through it; images are checked,
shrunk, renamed, public; replaced and deleted files leave the disk."""

import io
import re

import pytest
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from PIL import Image

from moc_portal.core.uploads import (
    POLICIES,
    PRIVATE_FOLDER,
    PUBLIC_FOLDER,
    GeneratedFileField,
    attachment_response,
)
from moc_portal.core.uploads.fields import PolicyFieldMixin
from programs.models import Organization, Program
from tests.factories import make_organization, make_program

# The only fields whose files anyone may fetch at /media/public/…: images of public pages.
PUBLIC_FIELDS = {
    ("programs", "organization", "logo"),
    ("programs", "program", "photo"),
    ("events", "newsitem", "image"),
}


def file_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield model, field


def test_every_file_field_of_every_model_goes_through_the_kernel_policy():
    fields = list(file_fields())
    assert len(fields) >= 9  # news, documents, events, practices, monitoring, programs
    without = [
        f"{m._meta.label}.{f.name}" for m, f in fields if not isinstance(f, PolicyFieldMixin)
    ]
    assert without == []


def test_only_images_of_public_pages_are_public_and_everything_else_is_private():
    for model, field in file_fields():
        key = (model._meta.app_label, model._meta.model_name, field.name)
        root = PUBLIC_FOLDER if key in PUBLIC_FIELDS else PRIVATE_FOLDER
        assert field.policy.root == root, key
        assert field.upload_to(None, "x.pdf").startswith(f"{root}/"), key
        # Whatever the portal does not make itself is checked by content.
        assert isinstance(field, GeneratedFileField) or field.validators, key


def picture(size, kind="JPEG", color="teal"):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, kind)
    return buffer.getvalue()


class LogoForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["logo"]


ALT = {"photo_alt": "Дети собирают робота"}


class PhotoForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = ["photo", "photo_alt"]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.django_db
def test_a_30_mb_bmp_logo_is_refused_with_the_20_mb_site_limit(media):
    bmp = picture((3300, 3200), "BMP")
    assert len(bmp) > 30 * 1024 * 1024
    form = LogoForm(
        data={},
        files={"logo": SimpleUploadedFile("logo.bmp", bmp, "image/bmp")},
        instance=make_organization(),
    )
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["logo"]] == ["too_large"]
    assert not any(media.rglob("*.*"))


@pytest.mark.django_db
def test_a_small_bmp_logo_is_refused_as_the_wrong_kind(media):
    form = LogoForm(
        data={},
        files={"logo": SimpleUploadedFile("logo.png", picture((40, 40), "BMP"), "image/png")},
        instance=make_organization(),
    )
    assert not form.is_valid()
    assert "JPG, PNG" in form.errors["logo"][0]


@pytest.mark.django_db
def test_a_photo_is_stored_shrunk_under_a_generated_public_name(media):
    program = make_program()
    upload = SimpleUploadedFile("Маша на кружке.jpg", picture((4000, 3000)), "image/jpeg")
    form = PhotoForm(data=ALT, files={"photo": upload}, instance=program)
    assert form.is_valid(), form.errors
    form.save()
    program.refresh_from_db()
    assert re.fullmatch(r"public/programs/\d{4}/\d{2}/[0-9a-f]{24}\.jpg", program.photo.name)
    with Image.open(media / program.photo.name) as stored:
        assert max(stored.size) == POLICIES["image"].max_side


@pytest.mark.django_db
def test_a_replaced_photo_and_a_deleted_programs_photo_leave_the_disk(
    media, django_capture_on_commit_callbacks
):
    program = make_program()
    with django_capture_on_commit_callbacks(execute=True):
        form = PhotoForm(
            data=ALT,
            files={"photo": SimpleUploadedFile("a.png", picture((50, 50), "PNG"), "image/png")},
            instance=program,
        )
        assert form.is_valid()
        form.save()
    first = media / Program.objects.get(pk=program.pk).photo.name
    assert first.exists()

    program = Program.objects.get(pk=program.pk)
    with django_capture_on_commit_callbacks(execute=True):
        form = PhotoForm(
            data=ALT,
            files={"photo": SimpleUploadedFile("b.jpg", picture((60, 60)), "image/jpeg")},
            instance=program,
        )
        assert form.is_valid()
        form.save()
    second = media / Program.objects.get(pk=program.pk).photo.name
    assert second.exists() and not first.exists()

    with django_capture_on_commit_callbacks(execute=True):
        Program.objects.get(pk=program.pk).delete()
    assert not second.exists()


@pytest.mark.django_db
def test_a_file_another_row_still_names_is_kept(media, django_capture_on_commit_callbacks):
    one, other = make_organization(), make_organization()
    (media / "public").mkdir()
    shared = media / "public" / "shared.png"
    shared.write_bytes(picture((10, 10), "PNG"))
    Organization.objects.filter(pk__in=[one.pk, other.pk]).update(logo="public/shared.png")
    with django_capture_on_commit_callbacks(execute=True):
        Organization.objects.get(pk=one.pk).delete()
    assert shared.exists()


def test_the_attachment_response_names_the_file_in_russian_and_forbids_sniffing():
    response = attachment_response(b"a;b\n", "Программы 2026.csv", "text/csv; charset=utf-8")
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%D0%9F%D1%80%D0%BE%D0%B3%D1%80%D0%B0%D0%BC%D0%BC%D1%8B"
        "%202026.csv"
    )
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_migration_moves_stored_files_and_paths_under_their_root(media):
    from moc_portal.core.uploads.relocation import relocate

    organization = make_organization()
    (media / "organizations").mkdir()
    (media / "organizations" / "old.png").write_bytes(picture((10, 10), "PNG"))
    Organization.objects.filter(pk=organization.pk).update(logo="organizations/old.png")
    forward, backward = relocate("programs", "Organization", "logo", "public")

    forward(apps, None)
    forward(apps, None)  # a second run changes nothing
    organization.refresh_from_db()
    assert organization.logo.name == "public/organizations/old.png"
    assert (media / "public" / "organizations" / "old.png").exists()
    assert not (media / "organizations" / "old.png").exists()

    backward(apps, None)
    organization.refresh_from_db()
    assert organization.logo.name == "organizations/old.png"
    assert (media / "organizations" / "old.png").exists()

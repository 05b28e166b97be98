"""The one upload validator against a hostile corpus: each refused with a Russian message.

Files here are made in memory; their names lie about their content on purpose.
"""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from moc_portal.core.uploads import (
    DOCUMENTS,
    IMAGES,
    KINDS,
    UploadRefused,
    UploadTo,
    UploadValidator,
    detect_kind,
    human_size,
    upload_response,
    validate_upload,
)
from moc_portal.models import SiteSettings

pytestmark = pytest.mark.django_db

ALL_KINDS = ("pdf", "docx", "xlsx", "pptx", "jpeg", "png")
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def office(main_part="word/document.xml", extra=None, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<document/>")
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def image(kind="PNG", size=(4, 4)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, kind)
    return buffer.getvalue()


# --- The hostile corpus -----------------------------------------------------------------

HOSTILE = {
    "html renamed to .pdf": ("otchet.pdf", b"<!doctype html><script>alert(1)</script>"),
    "svg renamed to .pdf": (
        "logo.pdf",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    ),
    "svg renamed to .png": ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
    "windows executable": ("program.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),
    "linux executable": ("run.docx", b"\x7fELF\x02\x01\x01" + b"\x00" * 200),
    "shell script": ("script.pdf", b"#!/bin/sh\nrm -rf /\n"),
    "plain zip named docx": ("archive.docx", None),  # built below: a ZIP with no office part
    "pdf with leading junk": ("junk.pdf", b"<html>%PDF-1.4"),
}


def _content(name, content):
    if content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("evil.exe", b"MZ")
        return buffer.getvalue()
    return content


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_files_are_refused_whatever_their_name(case):
    name, content = HOSTILE[case]
    with pytest.raises(UploadRefused) as refused:
        validate_upload(upload(name, _content(name, content)), ALL_KINDS)
    assert refused.value.code == "wrong_type"
    # The refusal names what may be uploaded instead.
    assert all(KINDS[kind].label in refused.value.messages[0] for kind in ALL_KINDS)


def test_an_empty_file_is_refused():
    with pytest.raises(UploadRefused, match="Файл пустой") as refused:
        validate_upload(upload("empty.pdf", b""), ALL_KINDS)
    assert refused.value.code == "empty"


def test_an_oversized_file_is_refused_by_the_site_setting():
    site = SiteSettings.load()
    site.max_upload_mb = 1
    site.save()
    big = upload("big.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(UploadRefused, match="не больше 1 МБ") as refused:
        validate_upload(big, ALL_KINDS)
    assert refused.value.code == "too_large"


def test_the_default_size_limit_is_twenty_megabytes():
    assert SiteSettings.load().max_upload_mb == 20
    big = upload("big.pdf", PDF)
    big.size = 20 * 1024 * 1024 + 1  # the size the upload handler reports
    with pytest.raises(UploadRefused, match="не больше 20 МБ"):
        validate_upload(big, ALL_KINDS)


def test_a_docx_that_expands_suspiciously_is_refused():
    bomb = office(extra={"word/media/zeros.bin": b"\x00" * (8 * 1024 * 1024)})
    assert len(bomb) < 100 * 1024  # small on the wire, 8 MB unpacked
    with pytest.raises(UploadRefused, match="подозрительно большой") as refused:
        validate_upload(upload("bomb.docx", bomb), DOCUMENTS)
    assert refused.value.code == "zip_bomb"


def test_a_docx_whose_directory_lies_about_sizes_is_refused(monkeypatch):
    from moc_portal.core import uploads

    monkeypatch.setattr(
        uploads.archives, "ARCHIVE_LIMITS", uploads.ArchiveLimits(max_unpacked_bytes=1000)
    )
    with pytest.raises(UploadRefused):
        validate_upload(upload("a.docx", office(extra={"word/x.xml": "a" * 2000})), DOCUMENTS)


def test_an_office_file_with_macros_is_refused():
    macro = office(extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"})
    with pytest.raises(UploadRefused, match="макрос") as refused:
        validate_upload(upload("letter.docx", macro), DOCUMENTS)
    assert refused.value.code == "macros"


def test_a_truncated_png_is_refused():
    broken = image()[:30]
    with pytest.raises(UploadRefused) as refused:
        validate_upload(upload("photo.png", broken), IMAGES)
    assert refused.value.code == "bad_image"


def test_a_kind_outside_the_fields_allow_list_is_refused():
    with pytest.raises(UploadRefused, match="можно загрузить PDF, DOCX, XLSX"):
        validate_upload(upload("photo.pdf", image()), DOCUMENTS)


# --- What is accepted, and how it is named ------------------------------------------------


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF, "pdf"),
        (office("word/document.xml"), "docx"),
        (office("xl/workbook.xml"), "xlsx"),
        (office("ppt/presentation.xml"), "pptx"),
        (image("PNG"), "png"),
        (image("JPEG"), "jpeg"),
    ],
)
def test_real_files_are_recognised_by_content_not_name(content, kind):
    file = upload("без расширения", content)
    assert detect_kind(file) == kind
    assert validate_upload(file, ALL_KINDS).code == kind


def test_an_accepted_file_gets_a_generated_name_with_the_detected_extension():
    file = upload("../../etc/passwd<script>.html", PDF)
    validate_upload(file, ALL_KINDS)
    stem, extension = file.name.rsplit(".", 1)
    assert extension == "pdf"
    assert len(stem) == 24 and all(char in "0123456789abcdef" for char in stem)


def test_upload_to_puts_files_under_a_dated_folder_with_a_random_name():
    path = UploadTo("practices")(None, "Моя практика.PDF")
    folder, year, month, name = path.split("/")
    assert folder == "practices" and len(year) == 4 and len(month) == 2
    assert name.endswith(".pdf") and "Моя" not in name
    assert UploadTo("x")(None, "evil.html").endswith(".bin")


def test_the_validator_skips_files_already_stored():
    stored = ContentFile(b"", name="x.pdf")
    stored._committed = True
    UploadValidator(DOCUMENTS)(stored)  # no error: it was checked when it came in


def _stored(tmp_path, name, content):
    storage = FileSystemStorage(location=tmp_path)
    saved = storage.save(name, ContentFile(content))

    class Field:
        pass

    field_file = Field()
    field_file.name = saved
    field_file.open = lambda mode="rb": storage.open(saved, mode)
    return field_file


@pytest.mark.parametrize("name", ["report.pdf", "legacy.html", "old.svg", "x.docx"])
def test_documents_and_unknown_files_are_served_as_attachments_with_nosniff(tmp_path, name):
    response = upload_response(_stored(tmp_path, name, b"<svg onload=alert(1)>"))
    response.close()
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "html" not in response["Content-Type"] and "svg" not in response["Content-Type"]


def test_images_may_be_shown_inline_but_still_nosniff(tmp_path):
    response = upload_response(_stored(tmp_path, "a.png", image()))
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    response.close()


def test_human_size_in_russian():
    assert human_size(2.4 * 1024 * 1024) == "2,4 МБ"
    assert human_size(380 * 1024) == "380 КБ"

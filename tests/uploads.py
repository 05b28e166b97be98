"""Small real files for upload tests: a PDF, a DOCX, and the hostile ones the policy refuses."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="Презентация.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def docx_bytes(parts=None):
    """A DOCX's bytes: the two parts Word needs, plus `parts` ({name in the archive: content})."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for name, content in (parts or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx(name="Методичка.docx"):
    return SimpleUploadedFile(name, docx_bytes(), content_type="application/octet-stream")


def zip_bomb_docx(name="Положение.docx"):
    """A real DOCX shape whose one part unpacks to 20 MB of zeros from a few kilobytes."""
    content = docx_bytes({"word/media/padding.bin": b"\x00" * (20 * 1024 * 1024)})
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def renamed_exe(name="Программа.docx"):
    """A Windows executable under a document's name."""
    content = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")

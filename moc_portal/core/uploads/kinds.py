"""The kinds of file the portal accepts, decided by content, never by name."""

import posixpath
import zipfile
from dataclasses import dataclass

from .archives import ARCHIVE_LIMITS


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    extension: str
    content_type: str
    inline: bool = False  # may be shown in the browser (images); everything else downloads


KINDS = {
    kind.code: kind
    for kind in (
        FileKind("pdf", "PDF", "pdf", "application/pdf"),
        FileKind(
            "docx",
            "DOCX",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        FileKind(
            "xlsx",
            "XLSX",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        FileKind(
            "pptx",
            "PPTX",
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        FileKind("jpeg", "JPG", "jpg", "image/jpeg", inline=True),
        FileKind("png", "PNG", "png", "image/png", inline=True),
    )
}
# The part that tells one Office Open XML package from another.
OFFICE_MAIN_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}


def detect_kind(file):
    """The kind code of the file's content ("pdf", "docx", …) or None; the file is rewound."""
    head = read_head(file, 16)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        names = _zip_names(file)
        if "[Content_Types].xml" in names:
            for kind, prefix in OFFICE_MAIN_PARTS.items():
                if any(name.startswith(prefix) for name in names):
                    return kind
    return None


def kind_of_name(name):
    extension = posixpath.splitext(name or "")[1].lower().lstrip(".")
    return next((kind for kind in KINDS.values() if kind.extension == extension), None)


def human_size(size):
    """«2,4 МБ», «380 КБ»."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} МБ".replace(".", ",")
    return f"{max(1, round(size / 1024))} КБ"


def megabytes(size):
    return f"{size / 1024 / 1024:.1f}".replace(".", ",").replace(",0", "")


def read_head(file, length):
    file.seek(0)
    head = file.read(length)
    file.seek(0)
    return head or b""


def _zip_names(file):
    try:
        with zipfile.ZipFile(file) as archive:
            return {info.filename for info in archive.infolist()[: ARCHIVE_LIMITS.max_entries]}
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()
    finally:
        file.seek(0)

"""The one validator every file field uses: kinds decided by content, sizes, packages, images.

- The type is decided by the content's signature, never by the name or the browser's word.
- Each field allows a list of kinds; everything else (HTML or SVG renamed to .pdf, an
  executable, a BMP, an empty file) is refused with a Russian message.
- A size limit (site setting, default 20 MB) and, for office files (ZIP packages), the one
  ZIP-bomb check (`archives.check_archive`) before anything is extracted; macros refused.
- Images are opened by Pillow with its decompression-bomb limit.
- The stored name is generated (`<folder>/<yyyy>/<mm>/<random>.<ext of the detected kind>`).
"""

import posixpath
import secrets

from django.utils import timezone
from django.utils.deconstruct import deconstructible

from .archives import check_archive
from .errors import UploadRefused
from .images import check_image
from .kinds import KINDS, OFFICE_MAIN_PARTS, detect_kind, megabytes

DOCUMENTS = ("pdf", "docx", "xlsx")
IMAGES = ("jpeg", "png")


def max_upload_bytes():
    from moc_portal.models import SiteSettings

    return SiteSettings.load().max_upload_mb * 1024 * 1024


def validate_upload(file, kinds, max_bytes=None):
    """Check `file` against the allowed `kinds`; returns its FileKind or raises UploadRefused.

    On success the file's name is replaced by a generated one with the detected extension.
    """
    allowed = ", ".join(KINDS[code].label for code in kinds)
    size = getattr(file, "size", None)
    if not size:
        raise UploadRefused("Файл пустой. Выберите файл с содержимым.", code="empty")
    limit = max_bytes or max_upload_bytes()
    if size > limit:
        raise UploadRefused(
            f"Файл слишком большой ({megabytes(size)} МБ); можно не больше {megabytes(limit)} МБ.",
            code="too_large",
        )
    code = detect_kind(file)
    if code not in kinds:
        raise UploadRefused(
            f"Этот файл не подходит: можно загрузить {allowed}. "
            "Тип определяется по содержимому, а не по имени файла.",
            code="wrong_type",
        )
    if code in OFFICE_MAIN_PARTS:
        check_archive(file)
    elif code in IMAGES:
        check_image(file)
    file.name = generated_name(KINDS[code])
    return KINDS[code]


@deconstructible
class UploadValidator:
    """A model/form field validator: `validators=[UploadValidator(DOCUMENTS)]`."""

    def __init__(self, kinds, max_bytes=None):
        self.kinds = tuple(kinds)
        self.max_bytes = max_bytes

    def __call__(self, file):
        if getattr(file, "_committed", False):  # already stored: it was checked when it came in
            return
        validate_upload(file, self.kinds, self.max_bytes)

    def __eq__(self, other):
        return (
            isinstance(other, UploadValidator)
            and self.kinds == other.kinds
            and self.max_bytes == other.max_bytes
        )


@deconstructible
class UploadTo:
    """`upload_to=UploadTo("events")`: `events/2026/11/<random>.<ext>`, never the user's name."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        extension = posixpath.splitext(filename)[1].lower().lstrip(".")
        if extension not in {kind.extension for kind in KINDS.values()}:
            extension = "bin"
        today = timezone.localdate()
        return f"{self.folder}/{today:%Y/%m}/{secrets.token_hex(12)}.{extension}"

    def __eq__(self, other):
        return isinstance(other, UploadTo) and self.folder == other.folder


def generated_name(kind):
    return f"{secrets.token_hex(12)}.{kind.extension}"

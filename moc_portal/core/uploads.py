"""Uploads are hostile until proven otherwise: the one validator every file field uses.

- The type is decided by the content's signature, never by the name or the browser's word.
- Each field allows a list of kinds; everything else (HTML or SVG renamed to .pdf, an
  executable, an empty file) is refused with a Russian message.
- A size limit (site setting, default 20 MB) and, for office files (ZIP packages), limits on
  what they unpack to, read from the ZIP directory before anything is extracted.
- Office files that carry macros (a `vbaProject.bin` part: .docm/.xlsm/.pptm renamed) are
  refused: a macro is a program.
- Images are opened by Pillow with its decompression-bomb limit.
- The stored name is generated (`<folder>/<yyyy>/<mm>/<random>.<ext of the detected kind>`),
  and files are served as attachments with `nosniff` (see `upload_response`).
"""

import posixpath
import secrets
import zipfile
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import FileResponse
from django.utils import timezone
from django.utils.deconstruct import deconstructible

DEFAULT_MAX_UPLOAD_MB = 20
# Office packages: what a real document of the allowed size can hold, with room to spare.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_ENTRIES = 5000
MAX_IMAGE_PIXELS = 50_000_000
# Parts in which Office keeps VBA macros.
MACRO_PARTS = {"vbaproject.bin", "vbaprojectsignature.bin"}


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
DOCUMENTS = ("pdf", "docx", "xlsx")
IMAGES = ("jpeg", "png")
# The part that tells one Office Open XML package from another.
OFFICE_MAIN_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}


class UploadRefused(ValidationError):
    pass


def max_upload_bytes():
    from moc_portal.models import SiteSettings

    return SiteSettings.load().max_upload_mb * 1024 * 1024


def detect_kind(file):
    """The kind code of the file's content ("pdf", "docx", …) or None; the file is rewound."""
    head = _read_head(file, 16)
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
            f"Файл слишком большой ({_megabytes(size)} МБ); "
            f"можно не больше {_megabytes(limit)} МБ.",
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
        _check_package(file)
    elif code in IMAGES:
        _check_image(file)
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


def kind_of_name(name):
    extension = posixpath.splitext(name or "")[1].lower().lstrip(".")
    return next((kind for kind in KINDS.values() if kind.extension == extension), None)


def upload_response(field_file, download_name=None):
    """Serve a stored upload: documents as attachments, images inline, always `nosniff`."""
    kind = kind_of_name(field_file.name)
    # A file of no known kind (stored before the checks, or by hand) is opaque bytes: a type
    # guessed from its name could be text/html or image/svg+xml, which a browser renders.
    content_type = kind.content_type if kind else "application/octet-stream"
    as_attachment = not (kind and kind.inline)
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=as_attachment,
        filename=download_name or posixpath.basename(field_file.name),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def human_size(size):
    """«2,4 МБ», «380 КБ»."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} МБ".replace(".", ",")
    return f"{max(1, round(size / 1024))} КБ"


def _megabytes(size):
    return f"{size / 1024 / 1024:.1f}".replace(".", ",").replace(",0", "")


def _read_head(file, length):
    file.seek(0)
    head = file.read(length)
    file.seek(0)
    return head or b""


def _zip_names(file):
    try:
        with zipfile.ZipFile(file) as archive:
            return {info.filename for info in archive.infolist()[:MAX_ZIP_ENTRIES]}
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()
    finally:
        file.seek(0)


def _check_package(file):
    """Refuse an office file that unpacks to far more than a document holds (a ZIP bomb)."""
    refused = UploadRefused(
        "Файл повреждён или распаковывается в подозрительно большой объём; "
        "сохраните документ заново и загрузите ещё раз.",
        code="zip_bomb",
    )
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise refused from None
    finally:
        file.seek(0)
    if len(entries) > MAX_ZIP_ENTRIES:
        raise refused
    if any(posixpath.basename(entry.filename).lower() in MACRO_PARTS for entry in entries):
        raise UploadRefused(
            "Документ содержит макросы; сохраните его как обычный документ без макросов.",
            code="macros",
        )
    unpacked = 0
    for entry in entries:
        unpacked += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if unpacked > MAX_UNPACKED_BYTES or (
            entry.file_size > 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO
        ):
            raise refused


def _check_image(file):
    from PIL import Image, UnidentifiedImageError

    refused = UploadRefused(
        "Изображение повреждено или слишком велико по числу точек.", code="bad_image"
    )
    try:
        with Image.open(file) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise refused
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise refused from None
    finally:
        file.seek(0)


class CappedUploadHandler(FileUploadHandler):
    """Stops reading a request whose files exceed MAX_REQUEST_UPLOAD_MB while it streams in.

    Django would otherwise spool the whole body to a temporary file before any validator
    sees the size. First in FILE_UPLOAD_HANDLERS: it passes the data on to the usual
    handlers until the cap, then ends the upload without reading the rest; the file is
    missing from the form, which says so, and `request.upload_cut_off` is set.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.cap = settings.MAX_REQUEST_UPLOAD_MB * 1024 * 1024
        self.too_long = False
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.cap = settings.MAX_REQUEST_UPLOAD_MB * 1024 * 1024
        self.too_long = content_length is not None and content_length > self.cap
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.too_long:
            self._cut_off()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.cap:
            self._cut_off()
        return raw_data

    def file_complete(self, file_size):
        return None

    def _cut_off(self):
        self.request.upload_cut_off = True
        raise StopUpload(connection_reset=True)


# --- Spreadsheets read back by the portal (templates): checked before openpyxl parses them ---


@dataclass(frozen=True)
class SpreadsheetLimits:
    """What a spreadsheet the portal reads back may hold. A monthly template is ~30 KB,
    one sheet of a few hundred cells; the defaults leave room for ten times that."""

    max_unpacked_bytes: int = 5 * 1024 * 1024
    max_parts: int = 100
    max_sheets: int = 10
    max_rows: int = 5_000
    max_cells: int = 50_000
    max_strings: int = 20_000
    # XML elements in all parts together (a cell is 2–4 of them): bounds the parser's memory.
    max_elements: int = 250_000


class SpreadsheetRefused(UploadRefused):
    pass


SPREADSHEET_READ_CHUNK = 64 * 1024


def check_spreadsheet(file, limits=SpreadsheetLimits()):
    """Refuse an XLSX that is not a small, plain spreadsheet, before any parser builds it.

    Streams each XML part out of the ZIP (never trusting the sizes its directory claims) and
    counts rows, cells and shared strings as they go by, stopping at the first limit crossed:
    an 80 KB file of ten million empty strings costs a few milliseconds, not a worker.
    A part with a DTD (entity expansion) or XML that does not parse is refused as well.
    The file is rewound. Raises SpreadsheetRefused with `code` saying which check failed.
    """
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            if len(entries) > limits.max_parts:
                raise SpreadsheetRefused("too many parts", code="parts")
            budget = [limits.max_unpacked_bytes]
            sheets = [e for e in entries if _is_part(e, "xl/worksheets/", ".xml")]
            if len(sheets) > limits.max_sheets:
                raise SpreadsheetRefused("too many sheets", code="sheets")
            counted = {"row": 0, "c": 0, "si": 0, "*": 0}
            caps = {
                "row": limits.max_rows,
                "c": limits.max_cells,
                "si": limits.max_strings,
                "*": limits.max_elements,
            }
            for entry in entries:
                if entry.is_dir():
                    continue
                if entry.filename.endswith((".xml", ".rels")):
                    _count_elements(archive, entry, budget, counted, caps)
                else:
                    _drain(archive, entry, budget)
    except SpreadsheetRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise SpreadsheetRefused("not a ZIP package", code="broken") from None
    except RuntimeError:  # an encrypted member
        raise SpreadsheetRefused("encrypted", code="broken") from None
    finally:
        file.seek(0)


def _is_part(entry, folder, suffix):
    return entry.filename.startswith(folder) and entry.filename.endswith(suffix)


def _read_chunks(archive, entry, budget):
    with archive.open(entry) as stream:
        while chunk := stream.read(SPREADSHEET_READ_CHUNK):
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise SpreadsheetRefused("unpacks too large", code="unpacked")
            yield chunk


def _drain(archive, entry, budget):
    for _ in _read_chunks(archive, entry, budget):
        pass


def _count_elements(archive, entry, budget, counted, caps):
    from xml.etree.ElementTree import ParseError, XMLPullParser

    parser = XMLPullParser(events=("start", "end"))
    tail = b""
    try:
        for chunk in _read_chunks(archive, entry, budget):
            window = tail + chunk  # a declaration split between two chunks is still seen
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                raise SpreadsheetRefused("DTD in a part", code="dtd")
            tail = chunk[-16:]
            parser.feed(chunk)
            for event, element in parser.read_events():
                if event == "end":
                    element.clear()  # its children are counted: let them go
                    continue
                name = element.tag.rsplit("}", 1)[-1]
                for key in (name, "*"):
                    if key in caps:
                        counted[key] += 1
                        if counted[key] > caps[key]:
                            raise SpreadsheetRefused(f"too many {key}", code=f"too_many_{key}")
        parser.close()
    except ParseError:
        raise SpreadsheetRefused("broken XML", code="broken") from None


def shrink_image(file, max_side=1600, quality=85):
    """A smaller copy of an uploaded image (JPEG or PNG) whose longer side is at most
    `max_side` pixels, as a ContentFile with the same name; None when it is small enough.

    Phones send 4000-pixel photos; a news page shows them 800 wide. The copy is re-encoded
    from the pixels, so whatever metadata the original carried (GPS position in EXIF) is
    left behind. Call it after `validate_upload` has accepted the file.
    """
    from django.core.files.base import ContentFile
    from PIL import Image, ImageOps

    file.seek(0)
    with Image.open(file) as image:
        if max(image.size) <= max_side:
            file.seek(0)
            return None
        image_format = image.format
        image = ImageOps.exif_transpose(image)
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        buffer = BytesIO()
        if image_format == "JPEG":
            image.convert("RGB").save(buffer, "JPEG", quality=quality, optimize=True)
        else:
            image.save(buffer, "PNG", optimize=True)
    file.seek(0)
    return ContentFile(buffer.getvalue(), name=posixpath.basename(file.name))

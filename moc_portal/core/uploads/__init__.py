"""Uploads are hostile until proven otherwise: the kernel's one upload policy.

One module per concern, one API for the apps (import from `moc_portal.core.uploads`):

- `kinds`: what a file is, by content (`detect_kind`, `KINDS`, `kind_of_name`, `human_size`);
- `archives`: the one ZIP-bomb check with one set of limits (`check_archive`);
- `validation`: the field validator (`validate_upload`, `UploadValidator`, `UploadTo`);
- `policies` and `fields`: a policy per kind (document, office file, spreadsheet, image,
  generated) and the model fields that apply it (`UploadFileField`, `ImageUploadField`,
  `GeneratedFileField`): checked, renamed, public or private, images shrunk, old files
  deleted;
- `images`: Pillow's check and `shrink_image`;
- `spreadsheets`: the streaming gate every XLSX passes before openpyxl (`check_spreadsheet`);
- `csv_tables`: CSV read with caps and a sniffed dialect (`read_csv`);
- `responses`: files leave as `upload_response` / `attachment_response` (nosniff);
- `handlers`: `CappedUploadHandler`, the request body cut off while it streams in.
"""

from .archives import ARCHIVE_LIMITS, ArchiveLimits, check_archive
from .csv_tables import CsvLimits, read_csv
from .errors import SpreadsheetRefused, UploadRefused
from .fields import GeneratedFileField, ImageUploadField, UploadFileField
from .handlers import CappedUploadHandler
from .images import MAX_IMAGE_PIXELS, check_image, shrink_image
from .kinds import KINDS, OFFICE_MAIN_PARTS, FileKind, detect_kind, human_size, kind_of_name
from .policies import POLICIES, PRIVATE_FOLDER, PUBLIC_FOLDER, UploadPolicy
from .responses import attachment_response, public_file_response, upload_response
from .spreadsheets import SpreadsheetLimits, check_spreadsheet
from .validation import (
    DOCUMENTS,
    IMAGES,
    UploadTo,
    UploadValidator,
    generated_name,
    max_upload_bytes,
    validate_upload,
)

__all__ = [
    "ARCHIVE_LIMITS",
    "DOCUMENTS",
    "IMAGES",
    "KINDS",
    "MAX_IMAGE_PIXELS",
    "OFFICE_MAIN_PARTS",
    "POLICIES",
    "PRIVATE_FOLDER",
    "PUBLIC_FOLDER",
    "ArchiveLimits",
    "GeneratedFileField",
    "ImageUploadField",
    "UploadFileField",
    "UploadPolicy",
    "CappedUploadHandler",
    "CsvLimits",
    "FileKind",
    "SpreadsheetLimits",
    "SpreadsheetRefused",
    "UploadRefused",
    "UploadTo",
    "UploadValidator",
    "attachment_response",
    "public_file_response",
    "check_archive",
    "check_image",
    "check_spreadsheet",
    "detect_kind",
    "generated_name",
    "human_size",
    "kind_of_name",
    "max_upload_bytes",
    "read_csv",
    "shrink_image",
    "upload_response",
    "validate_upload",
]

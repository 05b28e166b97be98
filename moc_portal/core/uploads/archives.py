"""The one ZIP-bomb check, with one set of limits, for every office file (documents,
spreadsheets, presentations) before anything unpacks or parses it.

Read from the ZIP directory only: how many entries, what they claim to unpack to, and the
compression ratio of each large one. A directory can lie about sizes, so whatever is later
unpacked (the spreadsheet gate) is also counted as it streams, against its own budget.
"""

import posixpath
import zipfile
from dataclasses import dataclass

from .errors import DAMAGED_ARCHIVE, UploadRefused


@dataclass(frozen=True)
class ArchiveLimits:
    """What a real office file of the allowed size holds, with room to spare."""

    max_entries: int = 5000
    max_unpacked_bytes: int = 200 * 1024 * 1024
    max_compression_ratio: int = 100
    # The ratio is judged only for entries larger than this (small parts compress oddly).
    ratio_from_bytes: int = 1024 * 1024


ARCHIVE_LIMITS = ArchiveLimits()
# Parts in which Office keeps VBA macros: a macro is a program.
MACRO_PARTS = {"vbaproject.bin", "vbaprojectsignature.bin"}


def check_archive(file, limits=None):
    """The entries of the ZIP package `file` (rewound) or UploadRefused: `broken`, `zip_bomb`
    (too many entries, too much unpacked, a suspicious ratio) or `macros`."""
    limits = limits or ARCHIVE_LIMITS
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise UploadRefused(DAMAGED_ARCHIVE, code="broken") from None
    finally:
        file.seek(0)
    if len(entries) > limits.max_entries:
        raise UploadRefused(DAMAGED_ARCHIVE, code="zip_bomb")
    if any(posixpath.basename(entry.filename).lower() in MACRO_PARTS for entry in entries):
        raise UploadRefused(
            "Документ содержит макросы; сохраните его как обычный документ без макросов.",
            code="macros",
        )
    unpacked = 0
    for entry in entries:
        unpacked += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if unpacked > limits.max_unpacked_bytes or (
            entry.file_size > limits.ratio_from_bytes and ratio > limits.max_compression_ratio
        ):
            raise UploadRefused(DAMAGED_ARCHIVE, code="zip_bomb")
    return entries

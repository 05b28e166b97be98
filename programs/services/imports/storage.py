"""Where an uploaded import file waits: one temporary file per batch, always removed.

The upload is copied into IMPORT_TEMP_DIR (a folder of the system's temporary directory by
default) under a random name; every way out of the import removes it — refused by the gate,
refused for errors, written, failed, cancelled — and `remove_stale_files` (the schedule)
removes what a crash or an abandoned preview left behind.
"""

import os
import tempfile
import time
from pathlib import Path

from django.conf import settings

PREFIX = "import-"
SUFFIX = ".upload"


def temp_dir():
    folder = Path(
        getattr(settings, "IMPORT_TEMP_DIR", "") or Path(tempfile.gettempdir()) / "moc-imports"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep_upload(upload):
    """Copy an uploaded file (Django's UploadedFile) into a temporary file; its path."""
    handle, name = tempfile.mkstemp(prefix=PREFIX, suffix=SUFFIX, dir=temp_dir())
    try:
        with os.fdopen(handle, "wb") as target:
            for chunk in upload.chunks():
                target.write(chunk)
    except BaseException:
        remove(name)
        raise
    return name


def remove(path):
    if path:
        Path(path).unlink(missing_ok=True)


def remove_stale_files(max_age_seconds):
    """Remove the import files older than `max_age_seconds`; how many were removed."""
    removed = 0
    limit = time.time() - max_age_seconds
    for path in temp_dir().glob(f"{PREFIX}*{SUFFIX}"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed

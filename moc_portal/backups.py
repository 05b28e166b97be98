"""Backups of the whole portal: the database and the media files, with a manifest.

`create_backup(out)` writes into a new folder:
  database.dump     `pg_dump --format=custom` (one consistent snapshot), or
  database.sqlite3  SQLite's online backup API (consistent while the site runs);
  media/            a copy of MEDIA_ROOT;
  manifest.json     engine, code version, time, and the SHA-256 of every file above.
`restore_backup(folder)` checks every checksum, refuses a database that has tables, restores the
database (`pg_restore`, or the backup API into the live SQLite connection) and copies the media
back. `run_scheduled_backup(root)` is the daily task's service: a backup named by its time,
then retention (the newest 7, and the newest of each of the 4 latest weeks).
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.utils import timezone

MANIFEST = "manifest.json"
FORMAT = 1
NAME_FORMAT = "moc-backup-%Y%m%d-%H%M%S"
KEEP_DAILY, KEEP_WEEKLY = 7, 4


class BackupError(Exception):
    pass


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def code_version():
    """The commit the code was deployed from (git), or MOC_VERSION, or "unknown"."""
    if os.environ.get("MOC_VERSION"):
        return os.environ["MOC_VERSION"]
    try:
        result = subprocess.run(
            ["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except OSError:
        return "unknown"
    return result.stdout.strip() or "unknown"


def _pg_environment(db):
    """libpq's variables for the pg_* tools: the password never appears on a command line."""
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    return env


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def create_backup(out, using="default"):
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} is not empty")
    out.mkdir(parents=True, exist_ok=True)
    db = connections[using]
    if db.vendor == "postgresql":
        database = "database.dump"
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "-f",
                str(out / database),
            ],
            _pg_environment(db.settings_dict),
        )
    elif db.vendor == "sqlite":
        database = "database.sqlite3"
        db.ensure_connection()
        target = sqlite3.connect(out / database)
        try:
            db.connection.backup(target)
        finally:
            target.close()
    else:
        raise BackupError(f"no backup for the {db.vendor} engine")
    media = Path(settings.MEDIA_ROOT)
    on_disk = isinstance(storages["default"], FileSystemStorage)
    if not on_disk:
        (out / "media").mkdir()  # object storage keeps its own versions (deploy/README.md)
    elif media.is_dir():
        shutil.copytree(media, out / "media", symlinks=False)
    else:
        (out / "media").mkdir()
    files = {
        path.relative_to(out).as_posix(): sha256(path)
        for path in sorted(out.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }
    manifest = {
        "format": FORMAT,
        "engine": db.vendor,
        "database": database,
        "created": timezone.now().isoformat(),
        "code_version": code_version(),
        "media": "MEDIA_ROOT" if on_disk else "object storage, not copied",
        "files": files,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def read_manifest(folder):
    """The manifest, after every listed file was found with its checksum."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} has no readable {MANIFEST}: {error}") from error
    for name, checksum in manifest["files"].items():
        path = folder / name
        if not path.is_file() or sha256(path) != checksum:
            raise BackupError(f"{name} is missing or damaged (checksum differs)")
    return manifest


def database_is_empty(using="default"):
    return not connections[using].introspection.table_names()


def restore_backup(folder, using="default"):
    folder = Path(folder)
    manifest = read_manifest(folder)
    db = connections[using]
    if manifest["engine"] != db.vendor:
        raise BackupError(f"the backup is of {manifest['engine']}, the database is {db.vendor}")
    if not database_is_empty(using):
        raise BackupError("the database is not empty: restore onto a new, empty database")
    dump = folder / manifest["database"]
    if db.vendor == "postgresql":
        db.close()
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "-d"]
            + [db.settings_dict["NAME"], str(dump)],
            _pg_environment(db.settings_dict),
        )
    else:
        db.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(db.connection)
        finally:
            source.close()
    _restore_media(folder / "media", manifest)
    db.close()
    return manifest


def _restore_media(source, manifest):
    media = Path(settings.MEDIA_ROOT)
    for name in manifest["files"]:
        if not name.startswith("media/"):
            continue
        target = media / name.removeprefix("media/")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / name.removeprefix("media/"), target)


def backup_time(path):
    try:
        return datetime.strptime(Path(path).name, NAME_FORMAT)
    except ValueError:
        return None


def backups_to_delete(names, keep_daily=KEEP_DAILY, keep_weekly=KEEP_WEEKLY):
    """Of the folders named by NAME_FORMAT, those beyond the newest `keep_daily` and, older
    than those, the newest of each of `keep_weekly` ISO weeks. Other names are never touched."""
    dated = sorted(((backup_time(name), name) for name in names if backup_time(name)), reverse=True)
    keep = {name for _, name in dated[:keep_daily]}
    weeks = []
    for when, name in dated[keep_daily:]:
        week = when.isocalendar()[:2]
        if week not in weeks:
            weeks.append(week)
            if len(weeks) <= keep_weekly:
                keep.add(name)
    return [name for _, name in dated if name not in keep]


def run_scheduled_backup(root=None, now=None):
    """The daily backup into BACKUP_ROOT, then the retention. Returns the new folder."""
    root = Path(root or settings.BACKUP_ROOT)
    now = now or timezone.localtime()
    folder = root / now.strftime(NAME_FORMAT)
    create_backup(folder)
    for name in backups_to_delete([path.name for path in root.iterdir() if path.is_dir()]):
        shutil.rmtree(root / name)
    return folder

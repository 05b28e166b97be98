"""Backup and restore drill (issue 23): demo data and media backed up, everything dropped,
restored onto the empty database; every table and file must come back the same. Runs on SQLite
(the online backup API) and on PostgreSQL (pg_dump/pg_restore), one per pass of .ci/run."""

import hashlib
import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_celery_beat.models import PeriodicTask

from moc_portal import backups


def fingerprint():
    """{table: (row count, checksum of its rows in any order)} for every table."""
    result = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT * FROM {quote(table)}")
            rows = sorted(repr(row) for row in cursor.fetchall())
            result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return result


def media_files(root):
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(Path(root).rglob("*"))
        if path.is_file()
    }


def drop_everything():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names():
                cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)}")
            cursor.execute("PRAGMA foreign_keys = ON")
    assert backups.database_is_empty()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "public/events").mkdir(parents=True)
    (settings.MEDIA_ROOT / "private/practices").mkdir(parents=True)
    (settings.MEDIA_ROOT / "public/events/положение.pdf").write_bytes(
        b"%PDF-1.4 " + bytes(range(256))
    )
    (settings.MEDIA_ROOT / "private/practices/отчёт.docx").write_bytes(b"PK\x03\x04 private")
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
def test_the_drill_restores_every_table_and_every_file(media, tmp_path, migrated_rows):
    call_command("seed_demo", programs=40, organizations=6, password="drill-2026-pass")
    before, files_before = fingerprint(), media_files(media)
    assert before["programs_program"][0] == 40
    call_command("backup", out=str(tmp_path / "copy"))
    manifest = json.loads((tmp_path / "copy/manifest.json").read_text())
    assert manifest["engine"] == connection.vendor and manifest["code_version"]
    assert "media/private/practices/отчёт.docx" in manifest["files"]

    drop_everything()
    shutil.rmtree(media)
    call_command("restore", str(tmp_path / "copy"))

    assert fingerprint() == before
    assert media_files(media) == files_before


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_has_tables(media, tmp_path):
    call_command("backup", out=str(tmp_path / "copy"))
    with pytest.raises(CommandError, match="не пуст|not empty"):
        call_command("restore", str(tmp_path / "copy"))


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_backup_before_touching_anything(media, tmp_path):
    call_command("backup", out=str(tmp_path / "copy"))
    (tmp_path / "copy/media/public/events/положение.pdf").write_bytes(b"changed")
    with pytest.raises(CommandError, match="damaged"):  # checked before the database is
        call_command("restore", str(tmp_path / "copy"))


@pytest.mark.django_db(transaction=True)
def test_backup_refuses_a_folder_that_is_not_empty(media, tmp_path):
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy/other.txt").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", out=str(tmp_path / "copy"))


def test_retention_keeps_seven_daily_and_four_weekly():
    start = datetime(2026, 9, 1, 2, 15)
    names = [(start + timedelta(days=n)).strftime(backups.NAME_FORMAT) for n in range(60)]
    names.append("before-upgrade")  # made by hand: never deleted
    kept = sorted(set(names) - set(backups.backups_to_delete(names)))
    dates = [backups.backup_time(name) for name in kept if backups.backup_time(name)]
    assert "before-upgrade" in kept
    assert dates[-7:] == [start + timedelta(days=n) for n in range(53, 60)]
    weekly = dates[:-7]
    assert len(weekly) == 4
    assert len({day.isocalendar()[:2] for day in weekly}) == 4
    # the newest of each older week (the latest week is partly covered by the daily ones)
    assert all(day.isoweekday() == 7 for day in weekly[:-1])


@pytest.mark.django_db(transaction=True)
def test_the_scheduled_backup_writes_a_dated_folder_and_prunes(media, tmp_path, settings):
    settings.BACKUP_ROOT = tmp_path / "backups"
    for n in range(40):
        day = datetime(2026, 8, 1, 2, 15) + timedelta(days=n)
        (settings.BACKUP_ROOT / day.strftime(backups.NAME_FORMAT)).mkdir(parents=True)
    folder = backups.run_scheduled_backup(now=datetime(2026, 9, 20, 2, 15))
    assert (folder / "manifest.json").exists()
    assert len(list(settings.BACKUP_ROOT.iterdir())) == 7 + 4


@pytest.mark.django_db
def test_the_daily_backup_is_scheduled_by_a_migration():
    task = PeriodicTask.objects.get(task="moc_portal.tasks.backup_daily")
    assert task.enabled and task.crontab.hour == "2"

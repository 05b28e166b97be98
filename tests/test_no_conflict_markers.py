"""No file of the project keeps a merge's conflict markers (one once reached requirements-dev.txt
and stopped `make test` from installing)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIPPED = {".git", ".venv", "node_modules", "staticfiles", "media", "backups"}
TEXT = {".py", ".txt", ".html", ".md", ".js", ".css", ".toml", ".cfg", ".json", ".lua", ""}
MARKER = re.compile(r"^(<{7} |={7}$|>{7} )", re.M)


def project_files():
    for path in ROOT.rglob("*"):
        if (
            path.is_file()
            and not SKIPPED & set(path.relative_to(ROOT).parts)
            and path.suffix in TEXT
            and path.stat().st_size < 2_000_000
        ):
            yield path


def test_no_file_keeps_conflict_markers():
    found = [
        str(path.relative_to(ROOT))
        for path in project_files()
        if MARKER.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert found == []

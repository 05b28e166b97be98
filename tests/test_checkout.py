"""What the repository tracks: a fresh clone must build its own `.venv` and `node_modules`.

A worktree's symlinks to a shared `.venv` were once committed (`.gitignore` said `.venv/`,
which matches a directory, not a link), and CI's `make` could not create the venv."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _git(*args):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def test_no_symbolic_link_is_tracked():
    links = [
        line.split("\t", 1)[1]
        for line in _git("ls-files", "-s").splitlines()
        if line.startswith("120000 ")
    ]
    assert links == []


def test_no_ignored_file_is_tracked():
    assert _git("ls-files", "--cached", "--ignored", "--exclude-standard").split() == []

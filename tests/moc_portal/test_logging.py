"""Server logs print each record once (Django's own "console" handler used to double them)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = (
    "import django, logging; django.setup(); "
    "logging.getLogger('django.request').error('marker-request'); "
    "logging.getLogger('monitoring').warning('marker-app')"
)


@pytest.mark.parametrize("debug", ["1", "0"])
def test_each_record_is_printed_once(debug):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "moc_portal.settings",
        "SECRET_KEY": "test-only",
        "DEBUG": debug,
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert output.count("marker-request") == 1
    assert output.count("marker-app") == 1

"""Loading Django in a bench script: the project on the path, production-like settings."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_django():
    """Django set up from this checkout, with DEBUG off (it would keep every query in memory)
    and a throwaway SECRET_KEY unless the environment brings one."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moc_portal.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ["DEBUG"] = "0"
    import django

    django.setup()

"""The methodists' workplace: organizations, programs and the closed lists."""

from . import closed_lists, organizations, programs, revisions, watches  # noqa: F401  (registers them)

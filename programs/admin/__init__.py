"""The methodists' workplace: organizations, programs and the closed vocabularies."""

from . import organizations, programs, vocabularies  # noqa: F401  (registers the admin classes)

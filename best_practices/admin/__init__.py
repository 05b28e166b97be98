from . import practice_settings, practices, reviews  # noqa: F401  (registers the admin classes)

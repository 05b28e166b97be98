from . import practices, reviews  # noqa: F401  (registers the admin classes)

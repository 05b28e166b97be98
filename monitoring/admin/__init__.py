from . import indicators, locking, rmc, submissions  # noqa: F401  (registers the admin classes)

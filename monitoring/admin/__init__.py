from . import indicators, rmc, submissions  # noqa: F401  (registers the admin classes)

"""A complete, consistent set of a month's figures (every required indicator, the breakdown
adding up), for tests that need a report that may be sent."""

from decimal import Decimal

COMPLETE = {
    "children_total": Decimal(120),
    "children_tech_science": Decimal(30),
    "children_ovz": Decimal(5),
    "children_rural": Decimal(0),
    "children_hard_life": Decimal(2),
    "children_certificate": Decimal(90),
    "teachers_total": Decimal(12),
    "teachers_trained": Decimal(3),
    "events_total": Decimal(4),
    "event_participants": Decimal(200),
    ("children_total", "tech"): Decimal(20),
    ("children_total", "science"): Decimal(10),
    ("children_total", "art"): Decimal(90),
}


def as_figures(values=None):
    """The same figures keyed as the services key them: (code, direction or None)."""
    return {
        (key, None) if isinstance(key, str) else key: value
        for key, value in (values or COMPLETE).items()
    }


def as_form_data(values=None):
    """The same figures as the entry form posts them: «code» or «code__direction» → text."""
    return {
        key if isinstance(key, str) else "__".join(key): str(value)
        for key, value in (values or COMPLETE).items()
    }

"""Reads of the catalogue: what its pages share, and all that other apps may read of it.

Events, practices and monitoring import from `programs` only its models, selectors and
permissions (moc_portal/architecture.py); what they need of the catalogue is here.
"""

from django.db.models import Count, Q

from ..models import Direction, Organization, Program
from .closed_lists import direction_choices, directions, load_closed_lists
from .places import organization_map_points, program_map_points
from .statistics import Feature, LevelCode, counts_by_direction, counts_by_level

__all__ = [
    "Feature",
    "LevelCode",
    "counts_by_direction",
    "counts_by_level",
    "active_organizations",
    "direction_choices",
    "direction_counts",
    "directions",
    "load_closed_lists",
    "organization_map_points",
    "program_map_points",
]

PUBLISHED_OF_ACTIVE = Q(
    programs__status=Program.Status.PUBLISHED, programs__organization__is_active=True
)


def direction_counts():
    """The six направленности with the number of public programs in each (one query)."""
    return Direction.objects.annotate(program_count=Count("programs", filter=PUBLISHED_OF_ACTIVE))


def active_organizations():
    return (
        Organization.objects.filter(is_active=True)
        .select_related("settlement")
        .annotate(
            program_count=Count("programs", filter=Q(programs__status=Program.Status.PUBLISHED))
        )
        .order_by("short_name", "id")
    )

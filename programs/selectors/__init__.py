"""Read-only queries the public pages share."""

from django.db.models import Count, Q

from ..models import Direction, Organization, Program

PUBLISHED_OF_ACTIVE = Q(
    programs__status=Program.Status.PUBLISHED, programs__organization__is_active=True
)


def direction_counts():
    """The six направленности with the number of public programs in each (one query)."""
    return Direction.objects.annotate(program_count=Count("programs", filter=PUBLISHED_OF_ACTIVE))


def active_organizations():
    return (
        Organization.objects.filter(is_active=True)
        .annotate(
            program_count=Count("programs", filter=Q(programs__status=Program.Status.PUBLISHED))
        )
        .order_by("short_name", "id")
    )

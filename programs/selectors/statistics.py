"""Counts of the public catalogue for statistics: what monitoring reads of the catalogue.

Monitoring counts programs per organization without knowing how a program says it is
networked or adapted, nor how levels are stored (a many-to-many table): it names a feature
or a level code and gets numbers.
"""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from ..closed_lists import LevelCode
from ..models import EnrolmentWatch, Program


class Feature:
    """What a public program can be counted by."""

    ALL = "all"
    NETWORK = "network"
    DISTANCE = "distance"
    OVZ = "ovz"
    WAITING = "waiting"  # not programs: the parents waiting for their enrolment (a sum)


FEATURE_CONDITIONS = {
    Feature.ALL: Q(),
    Feature.NETWORK: Q(is_network=True),
    Feature.DISTANCE: Q(study_form=Program.StudyForm.DISTANCE) | Q(uses_distance_technologies=True),
    Feature.OVZ: Q(is_ovz_adapted=True),
}

__all__ = [
    "Feature",
    "LevelCode",
    "counts_by_direction",
    "counts_by_level",
]


def counts_by_direction(features):
    """{organization id: {direction code: {feature: number of public programs}}}, one query."""
    counts = {feature: _aggregate(feature) for feature in features}
    rows = (
        Program.objects.public()
        .order_by()
        .values("organization_id", "direction__code")
        .annotate(**counts)
    )
    result = {}
    for row in rows:
        by_direction = result.setdefault(row["organization_id"], {})
        by_direction[row["direction__code"]] = {feature: row[feature] for feature in features}
    return result


def _aggregate(feature):
    if feature == Feature.WAITING:
        return Coalesce(Sum(EnrolmentWatch.objects.waiting().count_per_program()), 0)
    return Count("id", filter=FEATURE_CONDITIONS[feature])


def counts_by_level():
    """{organization id: {level code: number of public programs at that level}}, one query."""
    rows = (
        Program.levels.through.objects.filter(program__in=Program.objects.public())
        .order_by()
        .values("program__organization_id", "level__code")
        .annotate(count=Count("program_id"))
    )
    result = {}
    for row in rows:
        result.setdefault(row["program__organization_id"], {})[row["level__code"]] = row["count"]
    return result

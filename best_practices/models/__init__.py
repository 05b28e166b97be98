"""The bank of best practices: the practice, its materials, its history, its reviews."""

from .practices import (
    MATERIAL_KINDS,
    Category,
    Practice,
    PracticeMaterial,
    PracticeQuerySet,
    Status,
)
from .reviews import CRITERIA, Review
from .settings import PracticeSettings
from .workflow import PracticeTransition

__all__ = [
    "CRITERIA",
    "MATERIAL_KINDS",
    "Category",
    "Practice",
    "PracticeMaterial",
    "PracticeQuerySet",
    "PracticeSettings",
    "PracticeTransition",
    "Review",
    "Status",
]

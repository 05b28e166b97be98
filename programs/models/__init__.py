"""The catalogue's models: closed lists, organizations, programs, and what search and import
keep beside them. Writes that keep derived data in step go through `programs.services`."""

from .batches import ImportBatch
from .closed_lists import ClosedListItem, Direction, DisabilityType, Level
from .imports import ImportHeaderAlias, SearchWord
from .organizations import Organization
from .places import Place, Settlement
from .programs import AGE_VALIDATORS, TITLE_ORDER, Program, ProgramQuerySet, ScheduleSlot
from .related_words import RelatedWords
from .revisions import ProgramRevision
from .signals import organizations_renamed
from .watches import EnrolmentWatch

__all__ = [
    "AGE_VALIDATORS",
    "TITLE_ORDER",
    "ClosedListItem",
    "DisabilityType",
    "EnrolmentWatch",
    "Direction",
    "ImportBatch",
    "ImportHeaderAlias",
    "Level",
    "Organization",
    "Place",
    "Program",
    "ProgramQuerySet",
    "ProgramRevision",
    "RelatedWords",
    "ScheduleSlot",
    "SearchWord",
    "Settlement",
    "organizations_renamed",
]

"""Monitoring: what organizations report each month and what the МОЦ sends to the РМЦ."""

from .collection import CatalogueSnapshot, ReportingPeriod, Submission, Value
from .follow_up import FollowUp
from .indicators import Indicator, IndicatorQuerySet, MunicipalFigure, Target
from .locking import EntryException
from .outputs import MonthlyReport, RmcExport, RmcForm, SentReminder
from .rules import RuleTerm, ValidationRule
from .settings import MonitoringSettings
from .trail import SubmissionEvent

__all__ = [
    "CatalogueSnapshot",
    "EntryException",
    "FollowUp",
    "Indicator",
    "IndicatorQuerySet",
    "MonitoringSettings",
    "MonthlyReport",
    "MunicipalFigure",
    "ReportingPeriod",
    "RmcExport",
    "RmcForm",
    "RuleTerm",
    "SentReminder",
    "Submission",
    "SubmissionEvent",
    "Target",
    "ValidationRule",
    "Value",
]

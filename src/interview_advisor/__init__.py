"""
interview_advisor: where you stand in a hiring process and what to do next.
"""

from __future__ import annotations

from importlib.metadata import version

from ._advice import Action, Advice, Draft, Outlook, Reason
from ._advisor import advise
from ._enums import ActionKind, EmployerResponse, Odds, Seniority, Stage, Status
from ._situation import Situation
from .exceptions import (
    InterviewAdvisorError,
    InvalidSituationError,
    Problem,
    RulePackError,
)

__version__ = version("interview-advisor")

__all__ = [
    "Action",
    "ActionKind",
    "Advice",
    "Draft",
    "EmployerResponse",
    "InterviewAdvisorError",
    "InvalidSituationError",
    "Odds",
    "Outlook",
    "Problem",
    "Reason",
    "RulePackError",
    "Seniority",
    "Situation",
    "Stage",
    "Status",
    "__version__",
    "advise",
]

"""
interview_advisor: where you stand in a hiring process and what to do next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._advisor import Advisor, Timeline, advise
from ._batch import BatchResult, advise_json_lines, advise_many
from ._enums import (
    ActionKind,
    EmployerResponse,
    Odds,
    Phase,
    Seniority,
    Stage,
    Status,
    Tone,
)
from ._input_interviewer import Interviewer
from ._input_situation import Situation
from ._input_timeline import Event, EventKind
from ._output_advice import Action, Advice, Draft, Outlook, Reason, WhatIf
from ._output_explain import (
    Ahead,
    Explanation,
    Moment,
    NearMiss,
    Question,
    Questions,
    RuleExplained,
    WhyNot,
)
from ._output_plan import Plan, PlannedStep
from ._schema import advice_schema, answer_schema, situation_schema
from .exceptions import (
    ClosedAdvisorError,
    EngineUnavailableError,
    InterviewAdvisorError,
    InvalidRecordError,
    InvalidSettingError,
    InvalidSituationError,
    NoOriginError,
    Problem,
    RulePackError,
    UnreadableFileError,
)

if TYPE_CHECKING:
    from ._agenda import Agenda
    from ._agenda_build import agenda

__all__ = [
    "Action",
    "ActionKind",
    "Advice",
    "Advisor",
    "Agenda",
    "Ahead",
    "BatchResult",
    "ClosedAdvisorError",
    "Draft",
    "EmployerResponse",
    "EngineUnavailableError",
    "Event",
    "EventKind",
    "Explanation",
    "InterviewAdvisorError",
    "Interviewer",
    "InvalidRecordError",
    "InvalidSettingError",
    "InvalidSituationError",
    "Moment",
    "NearMiss",
    "NoOriginError",
    "Odds",
    "Outlook",
    "Phase",
    "Plan",
    "PlannedStep",
    "Problem",
    "Question",
    "Questions",
    "Reason",
    "RuleExplained",
    "RulePackError",
    "Seniority",
    "Situation",
    "Stage",
    "Status",
    "Timeline",
    "Tone",
    "UnreadableFileError",
    "WhatIf",
    "WhyNot",
    "__version__",
    "advice_schema",
    "advise",
    "advise_json_lines",
    "advise_many",
    "agenda",
    "answer_schema",
    "situation_schema",
]

#: Names imported on first use, and the module that has each: an agenda
#: reads files and writes CSV, which importing the package needs not pay for.
_LAZY = {"Agenda": "._agenda", "agenda": "._agenda_build"}


def __getattr__(name: str) -> Any:
    """
    Return ``__version__`` from the installed metadata, or a lazy name, on first use.

    Reading the metadata costs more than the rest of the import, so it is
    not done until someone asks.
    """
    if name in _LAZY:
        import importlib  # noqa: PLC0415  # only a lazy name needs it

        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415  # costly, see above

        return version("interview-advisor")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

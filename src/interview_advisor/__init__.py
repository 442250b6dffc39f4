"""
interview_advisor: where you stand in a hiring process and what to do next.
"""

from __future__ import annotations

from typing import Any

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
)

__all__ = [
    "Action",
    "ActionKind",
    "Advice",
    "Advisor",
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
    "WhatIf",
    "WhyNot",
    "__version__",
    "advice_schema",
    "advise",
    "advise_json_lines",
    "advise_many",
    "answer_schema",
    "situation_schema",
]


def __getattr__(name: str) -> Any:
    """
    Return ``__version__`` from the installed metadata, on first use.

    Reading the metadata costs more than the rest of the import, so it is
    not done until someone asks.
    """
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415  # costly, see above

        return version("interview-advisor")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

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
from ._rules_explain import ConditionShown, FigureUsed
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
    ScenarioError,
    UnreadableFileError,
)

if TYPE_CHECKING:
    from ._agenda import Agenda, ApplicationStatus, Day, Entry
    from ._agenda_build import agenda

__all__ = [
    "Action",
    "ActionKind",
    "Advice",
    "Advisor",
    "Agenda",
    "Ahead",
    "ApplicationStatus",
    "BatchResult",
    "CheckReport",
    "ClosedAdvisorError",
    "ConditionShown",
    "Day",
    "Draft",
    "EmployerResponse",
    "EngineUnavailableError",
    "Entry",
    "Event",
    "EventKind",
    "Explanation",
    "FigureUsed",
    "Finding",
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
    "ScenarioError",
    "ScenarioReport",
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
    "check_rules",
    "decision_table",
    "run_scenarios",
    "situation_schema",
]

#: Names imported on first use, and the module that has each: an agenda
#: reads files and writes CSV, and the modules that prove a pack import the
#: engine, which importing the package needs not pay for.
_LAZY = {
    "Agenda": "._agenda",
    "ApplicationStatus": "._agenda",
    "Day": "._agenda",
    "Entry": "._agenda",
    "agenda": "._agenda_build",
    "CheckReport": "._pack_check",
    "Finding": "._pack_check",
    "check_rules": "._pack_check",
    "decision_table": "._pack_table",
    "ScenarioReport": "._scenarios",
    "run_scenarios": "._scenarios",
}


def __getattr__(name: str) -> Any:
    """
    Return ``__version__`` or a name of :data:`_LAZY`, on first use.

    Reading the metadata costs more than the rest of the import, so it is
    not done until someone asks.
    """
    if name in _LAZY:
        import importlib  # noqa: PLC0415  # only a lazy name needs it

        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415  # costly, see above

        return version("interview-advisor")
    if name in _LAZY:
        from importlib import import_module  # noqa: PLC0415  # see _LAZY

        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""
JSON Schema for situations and advice, generated from the classes.

The situation schema comes from the same table of checks that validates a
situation (``_input_situation.checks()``), and the advice schema from the type
annotations of the advice classes, so neither can drift from the code.
"""

from __future__ import annotations

import datetime
import enum
import inspect
import re
import types
import typing
from typing import Any, Final

import attrs

from ._input_checks import DATE_SCHEMA
from ._input_interviewer import Interviewer
from ._input_situation import Situation, checks
from ._output_advice import Action, Advice, Draft, Outlook, Reason, WhatIf
from ._output_explain import (
    Ahead,
    Explanation,
    FieldChange,
    Moment,
    NearMiss,
    Question,
    Questions,
    RuleExplained,
    StepMove,
    WhyNot,
)
from ._rules_explain import ConditionShown, FigureUsed
from ._schema_dialects import in_dialect
from .exceptions import InvalidSettingError

_DRAFT_07: Final = "http://json-schema.org/draft-07/schema#"

#: What advise() checks beyond any one field, which JSON Schema cannot say.
CHECKED_BY_ADVISE: Final = (
    "days_since_last_follow_up is given exactly when follow-ups were sent",
    "days_since_last_follow_up is no more than days_since_interview",
    "next_interview_in_days only with employer_response next_round_scheduled",
    "thank_you_sent_on only when thank_you_sent is not false",
    "dates are in order: interview_date, thank-you and follow-ups, today",
    "day counts given with dates agree with them",
    "stated_timeframe is readable (see docs/dates.md) and placeable",
    "subdivision belongs to country, and country needs dates",
)


def situation_schema(dialect: str = "json-schema") -> dict[str, Any]:
    """
    Return the JSON Schema of a situation, as :func:`advise` accepts it.

    It fits a language model's tool (function-call) definition: the model's
    arguments can be passed straight to :func:`advise`. What it cannot
    express is listed in its description and checked by :func:`advise`.

    Args:
        dialect: ``json-schema`` (complete, draft 7), ``openai-strict``
            (OpenAI's strict mode) or ``anthropic`` (Anthropic's tool
            ``input_schema``); docs/serving.md says what each leaves out.

    Raises:
        InvalidSettingError: *dialect* is not one of these.

    >>> schema = situation_schema()
    >>> schema["required"], schema["properties"]["stage"]["enum"][:2]
    (['stage'], ['applied', 'phone_screen'])
    """
    described = _attributes(Situation)
    properties = {
        name: {**check.schema(), "description": described.get(name, "")}
        for name, check in checks()
    }
    # An interviewer's object form is described by its own class.
    _describe(properties["interviewer_names"]["items"]["anyOf"][1], Interviewer)
    complete = {
        "$schema": _DRAFT_07,
        "title": "Situation",
        "description": (
            "Where one person stands in one hiring process. Also checked when "
            "advising: " + "; ".join(CHECKED_BY_ADVISE) + "."
        ),
        "type": "object",
        "properties": properties,
        "required": [
            field.name
            for field in attrs.fields(Situation)
            if field.default is attrs.NOTHING
        ],
        "anyOf": [
            {
                "required": ["days_since_interview"],
                "properties": {"days_since_interview": {"type": "integer"}},
            },
            {
                "required": ["interview_date"],
                "properties": {"interview_date": {"type": "string"}},
            },
        ],
        "additionalProperties": False,
    }
    return in_dialect(complete, dialect)


def advice_schema(dialect: str = "json-schema") -> dict[str, Any]:
    """
    Return the JSON Schema of ``Advice.to_dict()``.

    Args:
        dialect: As for :func:`situation_schema`.

    >>> sorted(advice_schema()["properties"])
    ['actions', 'application', 'outlook', 'reasons', 'status', 'text', 'today']
    """
    return in_dialect({"$schema": _DRAFT_07, **_class_schema(Advice)}, dialect)


#: The answers an advice gives about itself, by the name of the method.
ANSWERS: Final[dict[str, type]] = {
    "explain": Explanation,
    "why_not": WhyNot,
    "what_if": WhatIf,
    "changes_ahead": Ahead,
    "questions": Questions,
}
_CLASSES: Final = frozenset(
    {Advice, Action, Draft, Reason, Outlook, *ANSWERS.values()}
    | {RuleExplained, ConditionShown, FigureUsed, NearMiss, FieldChange}
    | {StepMove, Moment, Question}
)


def answer_schema(name: str, dialect: str = "json-schema") -> dict[str, Any]:
    """
    Return the JSON Schema of the ``to_dict()`` of one of an advice's answers.

    Args:
        name: The method that gives the answer: ``explain``, ``why_not``,
            ``what_if``, ``changes_ahead`` or ``questions``.
        dialect: As for :func:`situation_schema`.

    Raises:
        InvalidSettingError: *name* or *dialect* is not one of these.

    >>> answer_schema("why_not")["title"]
    'WhyNot'

    .. versionadded:: 0.2
    """
    if name not in ANSWERS:
        raise InvalidSettingError(
            f"name: got {name!r}, expected one of: {', '.join(ANSWERS)}"
        )
    complete = {"$schema": _DRAFT_07, **_class_schema(ANSWERS[name])}
    return in_dialect(complete, dialect)


def _class_schema(cls: type) -> dict[str, Any]:
    """
    Return the schema of an attrs class's ``to_dict`` form.
    """
    # The annotations and the docstring are the only sources, so the schema
    # follows the classes without a second description to keep in step.
    hints = typing.get_type_hints(cls)
    described = _attributes(cls)
    properties = {
        field.name: {
            **_type_schema(hints[field.name]),
            "description": described.get(field.name, ""),
        }
        for field in attrs.fields(cls)
        if not field.name.startswith("_")  # an advice's origin is not data
    }
    if cls is Action:
        # to_dict adds the drafts as one text, as Action.draft gives it.
        properties["draft"] = {
            "type": ["string", "null"],
            "description": "Every draft as one text.",
        }
    return {
        "title": cls.__name__,
        "description": (inspect.getdoc(cls) or cls.__name__).splitlines()[0],
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _type_schema(hint: Any) -> dict[str, Any]:
    """
    Return the schema of a type annotation of the advice classes.
    """
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    # "X | None" is what attrs fields say; JSON Schema spells it anyOf.
    if origin in {types.UnionType, typing.Union}:
        options = [_type_schema(a) for a in arguments if a is not type(None)]
        return {"anyOf": [*options, {"type": "null"}]}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(arguments[0])}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"enum": [member.value for member in hint]}
    if hint in _CLASSES:
        return _class_schema(hint)
    simple = {
        str: {"type": "string"},
        int: {"type": "integer"},
        bool: {"type": "boolean"},
        datetime.date: dict(DATE_SCHEMA),
    }
    return simple[hint]


def _describe(schema: dict[str, Any], cls: type) -> None:
    """
    Add the descriptions in *cls*'s docstring to *schema*, the schema of *cls*.
    """
    schema["description"] = (inspect.getdoc(cls) or cls.__name__).splitlines()[0]
    for name, text in _attributes(cls).items():
        schema["properties"][name]["description"] = text


def _attributes(cls: type) -> dict[str, str]:
    """
    Return the descriptions in the ``Attributes:`` section of *cls*'s docstring.
    """
    doc = inspect.getdoc(cls) or ""
    section = doc.partition("Attributes:")[2]
    found: dict[str, str] = {}
    name = None
    for line in section.splitlines():
        entry = re.match(r"^    (\w+): (.*)$", line)
        if entry:
            name = entry.group(1)
            found[name] = entry.group(2).strip()
        elif name and line.startswith("        "):
            found[name] += " " + line.strip()
    return found

"""
The MCP tools that explain advice: why, why not, what if, ahead, questions.

Plain definitions, no SDK: ``_mcp`` turns them into tools.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ._explain_ahead import MOST_DAYS
from ._input_checks import DATE_SCHEMA
from ._schema import answer_schema
from .exceptions import InvalidSettingError, InvalidSituationError, Problem

if TYPE_CHECKING:
    from collections.abc import Callable

    from ._advisor import Advisor
    from ._output_advice import Advice

    Definition = tuple[
        str, str, dict[str, Any], dict[str, Any], Callable[[dict[str, Any]], Any]
    ]


def definitions(advisor: Advisor, situation: dict[str, Any]) -> list[Definition]:
    """
    Return each explaining tool: name, description, input, output and runner.

    Args:
        advisor: The operator's advisor.
        situation: The schema of a situation, as the tools take it.
    """

    def nested(**extra: dict[str, Any]) -> dict[str, Any]:
        required = ["situation", *(k for k in extra if k in {"target", "changes"})]
        return {
            "type": "object",
            "properties": {"situation": situation, **extra},
            "required": required,
            "additionalProperties": False,
        }

    def run(name: str) -> Callable[[dict[str, Any]], tuple[Any, str]]:
        return lambda arguments: _answer(advisor, name, arguments)

    return [
        (
            "explain",
            (
                "Why the advice says what it says: each rule that fired, with the "
                "conditions and figures that made it fire."
            ),
            situation,
            answer_schema("explain"),
            run("explain"),
        ),
        (
            "why_not",
            (
                "Why the advice does not give a status, a step or a rule: the "
                "nearest rules, and the first condition each missed."
            ),
            nested(target={"type": "string", "description": _TARGET}),
            answer_schema("why_not"),
            run("why_not"),
        ),
        (
            "what_if",
            (
                "The advice if some fields of the situation were different, and "
                "how it differs."
            ),
            nested(changes={"type": "object", "description": _CHANGES}),
            answer_schema("what_if"),
            run("what_if"),
        ),
        (
            "changes_ahead",
            (
                "If nothing happens, the days on which the status changes or a "
                "step falls due."
            ),
            nested(
                days={"type": "integer", "minimum": 1, "maximum": MOST_DAYS},
                until={**DATE_SCHEMA, "description": "the last date, if dated"},
            ),
            answer_schema("changes_ahead"),
            run("changes_ahead"),
        ),
        (
            "questions",
            (
                "What to ask next: the fields not given whose answer would change "
                "the advice, most decisive first, each with a question."
            ),
            situation,
            answer_schema("questions"),
            run("questions"),
        ),
    ]


_TARGET = "a status, a step kind or a rule id"
_CHANGES = "the fields to change, with their new values"


def _answer(advisor: Advisor, name: str, arguments: dict[str, Any]) -> tuple[Any, str]:
    """
    Advise on the situation of *arguments* and return the answer *name*.
    """
    if name in {"explain", "questions"}:
        answer = getattr(advisor.advise(arguments), name)()
    else:
        unknown = set(arguments) - {"situation", "target", "changes", "days", "until"}
        situation = arguments.get("situation")
        problems = [Problem(key, arguments[key], "a known key") for key in unknown]
        if not isinstance(situation, dict):
            problems.append(Problem("situation", situation, "an object"))
        if problems:
            raise InvalidSituationError(problems)
        answer = _asked(advisor.advise(situation), name, arguments)
    data = answer.to_dict()
    return data, json.dumps(data, ensure_ascii=False, default=str)


def _asked(advice: Advice, name: str, arguments: dict[str, Any]) -> Any:
    """
    Return the answer *name* of *advice*; a refused setting is a bad argument.
    """
    try:
        if name == "why_not":
            return advice.why_not(str(arguments.get("target")))
        if name == "what_if":
            changes = arguments.get("changes")
            return advice.what_if(**_fields(changes))
        days = arguments.get("days")
        return advice.changes_ahead(
            30 if days is None else days, until=arguments.get("until")
        )
    except InvalidSettingError as error:
        field = {"why_not": "target", "what_if": "changes"}.get(name, "days")
        raise InvalidSituationError(
            [Problem(field, arguments.get(field), str(error))]
        ) from None


def _fields(changes: object) -> dict[str, Any]:
    if not isinstance(changes, dict):
        raise InvalidSettingError("changes: expected an object of fields")
    return changes

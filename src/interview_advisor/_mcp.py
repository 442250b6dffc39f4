"""
The MCP server's tools and resources: the advisor as a chatbot calls it.

Only the ``mcp`` command imports this module, so the package itself needs
neither the MCP SDK nor a web server.
"""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING, Any, Final

import anyio
import anyio.to_thread
import mcp_types as types
from mcp.server import Server

from ._input_situation import Situation
from ._input_timeline import Event, EventKind, Timeline
from ._mcp_explain import definitions as explaining
from ._paths import data_folder
from ._rules_reader import load_pack
from ._schema import _attributes, advice_schema, situation_schema
from .exceptions import InterviewAdvisorError, InvalidSituationError, Problem

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    from mcp.server import ServerRequestContext

    from ._advisor import Advisor

#: The fields a timeline's events set; the rest are its details.
_FROM_EVENTS: Final = frozenset(
    {
        "stage",
        "days_since_interview",
        "stated_timeframe_days",
        "employer_response",
        "thank_you_sent",
        "follow_ups_sent",
        "days_since_last_follow_up",
        "next_interview_in_days",
        "interview_date",
        "today",
        "stated_timeframe",
        "thank_you_sent_on",
        "follow_up_dates",
    }
)
_FIGURES_URI: Final = "interview-advisor://figures"
_READ_ONLY: Final = types.ToolAnnotations(
    read_only_hint=True,
    destructive_hint=False,
    idempotent_hint=True,
    open_world_hint=False,
)


def build_server(advisor: Advisor, rules: list[Path]) -> Server[Any]:
    """
    Return an MCP server whose tools advise with *advisor*.

    Args:
        advisor: The operator's advisor: its packs, templates and tone.
        rules: The operator's rule packs, for the figures resource.
    """
    pack = load_pack([data_folder("rules")], rules)
    figures = [
        {"name": f.name, "value": f.value, "unit": f.unit, "source": f.source}
        for f in pack.figures.values()
    ]
    tools = _tools(advisor)

    async def list_tools(
        _ctx: ServerRequestContext[Any], _params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        return types.ListToolsResult(tools=[tool for tool, _ in tools.values()])

    async def call_tool(
        _ctx: ServerRequestContext[Any], params: types.CallToolRequestParams
    ) -> types.CallToolResult:
        if params.name not in tools:
            known = ", ".join(tools)
            return _refusal([Problem("name", params.name, f"one of: {known}")])
        run = tools[params.name][1]
        return await _answer(run, dict(params.arguments or {}))

    async def list_resources(
        _ctx: ServerRequestContext[Any], _params: types.PaginatedRequestParams | None
    ) -> types.ListResourcesResult:
        figures_resource = types.Resource(
            name="figures",
            uri=_FIGURES_URI,
            description="Every timing figure the rules use, with its unit and source.",
            mime_type="application/json",
        )
        return types.ListResourcesResult(resources=[figures_resource])

    async def read_resource(
        _ctx: ServerRequestContext[Any], params: types.ReadResourceRequestParams
    ) -> types.ReadResourceResult:
        if str(params.uri) != _FIGURES_URI:
            raise ValueError(f"no resource {params.uri}; the one is {_FIGURES_URI}")
        text = json.dumps(figures, indent=2)
        contents = types.TextResourceContents(
            uri=_FIGURES_URI, mime_type="application/json", text=text
        )
        return types.ReadResourceResult(contents=[contents])

    return Server(
        "interview-advisor",
        instructions="Tells a job seeker where they stand and what to do next.",
        on_list_tools=list_tools,
        on_call_tool=call_tool,
        on_list_resources=list_resources,
        on_read_resource=read_resource,
    )


def _tools(
    advisor: Advisor,
) -> dict[str, tuple[types.Tool, Callable[[dict[str, Any]], tuple[Any, str]]]]:
    """
    Return each tool's definition and the function that runs it.
    """
    situation = situation_schema("anthropic")
    advice = advice_schema()
    text_result = {"type": "object"}
    definitions = [
        (
            "advise",
            "Where a job seeker stands in a hiring process and what to do next.",
            situation,
            advice,
            lambda arguments: _advise(advisor, arguments),
        ),
        (
            "advise_timeline",
            "The same advice, from the dated events of one application.",
            _timeline_schema(situation),
            advice,
            lambda arguments: _advise_timeline(advisor, arguments),
        ),
        (
            "read_timeframe",
            (
                "Read what an employer said about when they would decide "
                "('by the end of next week') as a day count, and as a date "
                "when the interview's date is given."
            ),
            _timeframe_schema(situation),
            _TIMEFRAME_RESULT,
            _read_timeframe,
        ),
        (
            "plan_calendar",
            "The dated steps of a situation with dates, as iCalendar text.",
            situation,
            text_result,
            lambda arguments: _plan_calendar(advisor, arguments),
        ),
        *explaining(advisor, situation),
    ]
    return {
        name: (
            types.Tool(
                name=name,
                description=description,
                input_schema=inputs,
                output_schema=outputs if outputs is not text_result else None,
                annotations=_READ_ONLY,
            ),
            run,
        )
        for name, description, inputs, outputs, run in definitions
    }


async def _answer(
    run: Callable[[dict[str, Any]], tuple[Any, str]], arguments: dict[str, Any]
) -> types.CallToolResult:
    """
    Run a tool in a worker thread; turn a refused input into a tool error.
    """
    try:
        structured, text = await anyio.to_thread.run_sync(run, arguments)
    except InvalidSituationError as error:
        return _refusal(list(error.problems))
    except InterviewAdvisorError as error:
        return _refusal([Problem("server", None, f"a working server ({error})")])
    content: list[types.ContentBlock] = [types.TextContent(type="text", text=text)]
    return types.CallToolResult(content=content, structured_content=structured)


def _refusal(problems: list[Problem]) -> types.CallToolResult:
    """
    Return a tool error listing every problem, for the model to repair its call.
    """
    listed = [problem.to_dict() for problem in problems]
    text = str(InvalidSituationError(problems))
    content: list[types.ContentBlock] = [
        types.TextContent(type="text", text=text),
        types.TextContent(type="text", text=json.dumps({"problems": listed})),
    ]
    return types.CallToolResult(content=content, is_error=True)


def _advise(advisor: Advisor, arguments: dict[str, Any]) -> tuple[Any, str]:
    advice = advisor.advise(arguments).to_dict()
    return advice, json.dumps(advice, ensure_ascii=False)


def _advise_timeline(advisor: Advisor, arguments: dict[str, Any]) -> tuple[Any, str]:
    problems = [
        Problem(key, arguments[key], "a known key: events, today, details")
        for key in arguments
        if key not in {"events", "today", "details"}
    ]
    details = arguments.get("details") or {}
    if not isinstance(details, dict):
        problems.append(Problem("details", details, "an object of situation fields"))
    if problems:
        raise InvalidSituationError(problems)
    timeline = Timeline(events=arguments.get("events"))
    situation = timeline.situation(today=arguments.get("today"), **details)
    return _advise(advisor, situation.to_dict())


def _read_timeframe(arguments: dict[str, Any]) -> tuple[Any, str]:
    known = {"text", "interview_date", "country", "subdivision"}
    problems = [
        Problem(key, arguments[key], f"a known key: {', '.join(sorted(known))}")
        for key in arguments
        if key not in known
    ]
    if problems:
        raise InvalidSituationError(problems)
    text = arguments.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InvalidSituationError(
            [Problem("text", text, "the employer's words, such as 'within a week'")]
        )
    interview = arguments.get("interview_date")
    # A situation reads and places the timeframe with every check it has.
    situation = Situation.from_dict(
        {
            "stage": "applied",
            "stated_timeframe": text,
            "interview_date": interview,
            "today": interview,
            "days_since_interview": None if interview else 0,
            "country": arguments.get("country"),
            "subdivision": arguments.get("subdivision"),
        }
    )
    days = situation.stated_timeframe_days
    day = situation.interview_date
    found = {
        "text": text,
        "days": days,
        "date": (day + datetime.timedelta(days=days or 0)).isoformat() if day else None,
    }
    return found, json.dumps(found)


def _plan_calendar(advisor: Advisor, arguments: dict[str, Any]) -> tuple[Any, str]:
    advice = advisor.advise(arguments)
    if advice.today is None:
        raise InvalidSituationError(
            [
                Problem(
                    "interview_date", None, "a date, or a today: the plan needs dates"
                )
            ]
        )
    return None, advice.plan().to_ics()


def _timeline_schema(situation: Mapping[str, Any]) -> dict[str, Any]:
    """
    Return the input schema of ``advise_timeline``.
    """
    fields = situation["properties"]
    details = {k: v for k, v in fields.items() if k not in _FROM_EVENTS}
    nullable_date = fields["today"]
    properties: dict[str, dict[str, Any]] = {
        "kind": {"enum": [kind.value for kind in EventKind]},
        "on": {**nullable_date, "type": "string", "description": "When."},
        "stage": {**fields["stage"], "enum": [*fields["stage"]["enum"], None]},
        "response": {**fields["employer_response"]},
        "timeframe": {**fields["stated_timeframe"]},
        "next_interview_on": {**nullable_date},
    }
    for name, described in _attributes(Event).items():
        properties[name]["description"] = described
    event = {
        "type": "object",
        "properties": properties,
        "required": ["kind", "on"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {
            "events": {"type": "array", "items": event, "minItems": 1},
            "today": {**nullable_date, "description": "The date to advise for."},
            "details": {
                "type": ["object", "null"],
                "properties": details,
                "additionalProperties": False,
                "description": "Other situation fields, such as names.",
            },
        },
        "required": ["events"],
        "additionalProperties": False,
    }


def _timeframe_schema(situation: Mapping[str, Any]) -> dict[str, Any]:
    """
    Return the input schema of ``read_timeframe``.
    """
    fields = situation["properties"]
    return {
        "type": "object",
        "properties": {
            "text": {**fields["stated_timeframe"], "type": "string"},
            "interview_date": fields["interview_date"],
            "country": fields["country"],
            "subdivision": fields["subdivision"],
        },
        "required": ["text"],
        "additionalProperties": False,
    }


_TIMEFRAME_RESULT: Final = {
    "type": "object",
    "properties": {
        "text": {"type": "string", "description": "The timeframe as given."},
        "days": {
            "type": "integer",
            "description": "Calendar days from the interview to the decision.",
        },
        "date": {
            "type": ["string", "null"],
            "description": "The decision date, when the interview's date is given.",
        },
    },
    "required": ["text", "days", "date"],
    "additionalProperties": False,
}

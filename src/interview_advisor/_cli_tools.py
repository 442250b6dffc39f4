"""
The package's own subcommands: ``validate``, ``schema`` and ``mcp``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ._cli import _PROG, USAGE
from ._schema import advice_schema, situation_schema
from ._wording import plural


def schema(arguments: list[str]) -> int:
    """
    Print the JSON Schema of a situation (the default) or of the advice.
    """
    schemas = {"situation": situation_schema, "advice": advice_schema}
    if len(arguments) > 1 or (arguments and arguments[0] not in schemas):
        print(f"usage: {_PROG} schema [situation|advice]", file=sys.stderr)  # noqa: T201
        return 2
    print(json.dumps(schemas[arguments[0] if arguments else "situation"](), indent=2))  # noqa: T201
    return 0


def mcp(arguments: list[str]) -> int:
    """
    Serve the advisor's tools over MCP, if the extra that needs is installed.
    """
    try:
        from ._mcp_serve import command  # noqa: PLC0415  # the MCP SDK: this command only
    except ModuleNotFoundError as error:
        if (error.name or "").partition(".")[0] not in {"mcp", "mcp_types", "anyio"}:
            raise
        print(  # noqa: T201
            f"{_PROG}: error: the mcp command needs the MCP SDK: "
            "pip install 'interview-advisor[mcp]'",
            file=sys.stderr,
        )
        return USAGE
    return command(arguments)


def validate(arguments: list[str]) -> int:
    """
    Check the rule packs and templates named; print every problem.
    """
    if not arguments or arguments[0].startswith("-"):
        print(f"usage: {_PROG} validate PATH...", file=sys.stderr)  # noqa: T201
        return 2
    from ._engine_limits import problems as beyond_limits  # noqa: PLC0415  # likewise
    from ._rules_validate import validate  # noqa: PLC0415  # Jinja, TOML: this command only

    paths = [Path(a) for a in arguments]
    rules, templates, problems = validate(paths, later=beyond_limits)
    for problem in problems:
        print(problem)  # noqa: T201
    summary = f"{plural(rules, 'rule')} and {plural(templates, 'template')} checked"
    found = plural(len(problems), "problem")
    print(f"{summary}: {found}" if problems else f"{summary}: ok")  # noqa: T201
    return 1 if problems else 0

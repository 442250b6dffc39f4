"""
The package's own subcommands: ``validate``, ``schema`` and ``mcp``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ._cli import SUBCOMMANDS, USAGE
from ._cli_options import PROG, Parser
from ._schema import advice_schema, situation_schema
from ._wording import plural


def _parser(name: str, usage: str, epilog: str) -> Parser:
    return Parser(
        prog=f"{PROG} {name}",
        usage=f"%(prog)s {usage}",
        description=SUBCOMMANDS[name][1][:1].upper() + SUBCOMMANDS[name][1][1:] + ".",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def schema(arguments: list[str]) -> int:
    """
    Print the JSON Schema of a situation (the default) or of the advice.
    """
    schemas = {"situation": situation_schema, "advice": advice_schema}
    parser = _parser(
        "schema",
        "[situation|advice]",
        f"examples:\n  {PROG} schema > situation.schema.json\n  {PROG} schema advice",
    )
    parser.add_argument(
        "which",
        nargs="?",
        metavar="SCHEMA",
        choices=list(schemas),
        default="situation",
        help="situation (the default): a situation, as advise() and --json "
        "accept it; advice: the advice, as --format json prints it",
    )
    options = parser.parse_args(arguments)
    print(json.dumps(schemas[options.which](), indent=2))  # noqa: T201
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
            f"{PROG}: error: the mcp command needs the MCP SDK: "
            "pip install 'interview-advisor[mcp]'",
            file=sys.stderr,
        )
        return USAGE
    return command(arguments)


def validate(arguments: list[str]) -> int:
    """
    Check the rule packs and templates named; print every problem.
    """
    parser = _parser(
        "validate",
        "PATH...",
        "Exit status: 0 no problems, 1 problems found, 2 usage error.\n\n"
        f"example:\n  {PROG} validate our-rules our-templates",
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a rule pack (a folder of .toml files, or one file) or a folder "
        "of templates; a folder may hold both",
    )
    paths = [Path(path) for path in parser.parse_args(arguments).paths]
    from ._engine_limits import problems as beyond_limits  # noqa: PLC0415  # likewise
    from ._rules_validate import validate  # noqa: PLC0415  # Jinja, TOML: this command only

    rules, templates, problems = validate(paths, later=beyond_limits)
    for problem in problems:
        print(problem)  # noqa: T201
    summary = f"{plural(rules, 'rule')} and {plural(templates, 'template')} checked"
    found = plural(len(problems), "problem")
    print(f"{summary}: {found}" if problems else f"{summary}: ok")  # noqa: T201
    return 1 if problems else 0

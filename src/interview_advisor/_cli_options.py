"""
The command line's options: its parser, its help, and the flags that conflict.
"""

from __future__ import annotations

import argparse
import importlib.metadata
from typing import TYPE_CHECKING, Any, Final, NoReturn

import attrs

from ._advisor import Advisor
from ._input_situation import Situation
from ._schema import situation_schema
from .exceptions import RulePackError

if TYPE_CHECKING:
    from collections.abc import Mapping

PROG: Final = "interview-advisor"
_FLAGS: Final = {"thank_you_sent", "technical_role"}
_LISTS: Final = {"interviewer_names", "concerns_from_last_interview", "follow_up_dates"}
#: Shorter spellings people reach for.
_ALIASES: Final = {"stated_timeframe": ["--timeframe"]}
_METAVARS: Final = {
    "stage": "STAGE",
    "employer_response": "RESPONSE",
    "seniority": "LEVEL",
    "follow_ups_sent": "N",
    "country": "CODE",
    "subdivision": "CODE",
    "follow_up_dates": "DATE",
}
_USAGE: Final = f"""\
{PROG} [--json FILE] [FIELD FLAGS] [--format {{text,json}}] [--ics FILE]
       {PROG} --jsonl FILE [--on-error {{skip,fail}}]
       {PROG} COMMAND [ARGUMENTS]  (see '{PROG} COMMAND --help')"""
_EXAMPLES: Final = f"""\
examples:
  {PROG} --stage second_interview --days-since-interview 9 \\
      --stated-timeframe-days 7 --thank-you-sent
  {PROG} --json situation.json --format json
  echo '{{"stage": "applied", "days_since_interview": 3}}' | {PROG} --json -
  {PROG} --stage second_interview --interview-date 2026-11-13 \\
      --timeframe "by the end of next week" --country US --ics plan.ics
  {PROG} --jsonl situations.jsonl > advice.jsonl
  {PROG} schema advice

Exit status: 0 done, 1 records skipped or problems found, 2 usage error or
bad input, 3 the run failed, 130 interrupted, 141 output closed early."""


class UsageError(Exception):
    """
    The command line itself is wrong.
    """


class Parser(argparse.ArgumentParser):
    """
    A parser whose usage errors are one line, raised before any output.
    """

    def error(self, message: str) -> NoReturn:
        """
        Raise the usage error instead of printing the usage and exiting.

        A one-line usage is quoted in the message; a longer one is left to
        ``--help``.
        """
        usage = self.format_usage().removeprefix("usage: ").strip()
        short = f"usage: {usage}; " if "\n" not in usage else ""
        raise UsageError(f"{message} ({short}see '{self.prog} --help')")


def parser(subcommands: Mapping[str, tuple[str, str]]) -> Parser:
    """
    Return the parser of the main command, its help naming *subcommands*.

    Every default is None, so :func:`check` can tell a flag given from one
    left out.
    """
    listing = "\n".join(
        f"  {name:<10} {summary}" for name, (_, summary) in subcommands.items()
    )
    main = Parser(
        prog=PROG,
        usage=_USAGE,
        description="Tell where you stand in a hiring process and what to do next.",
        epilog=f"commands:\n{listing}\n\n{_EXAMPLES}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    main.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    _input_and_output(main)
    add_fields(main)
    return main


def add_fields(command: argparse.ArgumentParser) -> None:
    """
    Add a flag for every field of a situation to *command*, with its help.
    """
    fields = command.add_argument_group(
        "situation fields",
        "Each overrides the same key read with --json.",
    )
    schema = situation_schema()["properties"]
    for field in attrs.fields(Situation):
        _add_field(fields, field.name, schema[field.name])


def version() -> str:
    """
    Return the installed package's version.
    """
    return importlib.metadata.version("interview-advisor")


def _input_and_output(main: Parser) -> None:
    group = main.add_argument_group("input and output")
    group.add_argument(
        "--json",
        metavar="FILE",
        help="read the situation from a JSON object in FILE ('-' for stdin)",
    )
    group.add_argument(
        "--format",
        choices=["text", "json"],
        help="print the advice as Markdown text (the default) or as JSON",
    )
    group.add_argument(
        "--ics",
        metavar="FILE",
        help="also write the dated steps as an iCalendar file; '-' writes "
        "only the calendar to stdout (needs --interview-date or --today)",
    )
    batch = main.add_argument_group("many situations at once")
    batch.add_argument(
        "--jsonl",
        metavar="FILE",
        help="advise on every line of a JSON Lines file ('-' for stdin), "
        "printing one JSON result a line; takes no other input or output flag",
    )
    batch.add_argument(
        "--on-error",
        choices=["skip", "fail"],
        help="with --jsonl: report a bad record and go on (the default), or stop at it",
    )


def _add_field(
    group: argparse._ArgumentGroup, name: str, schema: dict[str, Any]
) -> None:
    flags = ["--" + name.replace("_", "-"), *_ALIASES.get(name, [])]
    text = _help(schema).replace("%", "%%")
    if name in _FLAGS:
        group.add_argument(*flags, action=argparse.BooleanOptionalAction, help=text)
        return
    metavar = _metavar(name, schema)
    if name in _LISTS:
        group.add_argument(*flags, nargs="*", metavar=metavar, help=text)
    else:
        kind = _count if "integer" in schema.get("type", ()) else str
        group.add_argument(*flags, type=kind, metavar=metavar, dest=name, help=text)


def _metavar(name: str, schema: dict[str, Any]) -> str:
    if name in _METAVARS:
        return _METAVARS[name]
    if schema.get("format") == "date":
        return "DATE"
    return "DAYS" if "integer" in schema.get("type", ()) else "TEXT"


def _help(schema: dict[str, Any]) -> str:
    """
    Return a field's help: what it means, then the values it accepts.
    """
    described = schema["description"].replace("``", "").replace("None", "left out")
    items = schema.get("items", {})
    accepted = _accepted(items if "items" in schema else schema)
    return f"{described} {accepted}" if accepted else described


def _accepted(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        values = [value for value in schema["enum"] if value is not None]
        return f"One of: {', '.join(values)}."
    if schema.get("format") == "date":
        return "A date, YYYY-MM-DD."
    if "integer" in schema.get("type", ()):
        return f"A whole number from {schema['minimum']} to {schema['maximum']}."
    return ""


def _count(text: str) -> int | str:
    """
    Read a whole number, leaving anything else for the situation to reject.
    """
    # argparse would stop at the first bad number; the situation reports
    # every bad field at once, so the text is passed on as it is.
    try:
        return int(text)
    except ValueError:
        return text


def check(options: argparse.Namespace) -> None:
    """
    Refuse flags that would do nothing with the others given.

    Raises:
        UsageError: Naming the flag and why it does nothing.
    """
    if options.jsonl is not None:
        given = [flag for flag in ("json", "format", "ics") if getattr(options, flag)]
        given += list(fields_given(options))
        if given:
            flag = "--" + given[0].replace("_", "-")
            raise UsageError(
                f"{flag} does nothing with --jsonl: each line is a whole situation, "
                "and each result a line of JSON"
            )
    elif options.on_error is not None:
        raise UsageError("--on-error works only with --jsonl")
    if options.ics == "-" and options.format is not None:
        raise UsageError(
            "--format does nothing with --ics -: standard output carries "
            "the calendar only"
        )


def fields_given(options: argparse.Namespace) -> dict[str, object]:
    """
    Return the situation fields given as flags, by name.
    """
    return {
        field.name: getattr(options, field.name)
        for field in attrs.fields(Situation)
        if getattr(options, field.name) is not None
    }


def add_packs(command: argparse.ArgumentParser) -> None:
    """
    Add ``--rules`` and ``--templates`` to *command*, as Advisor takes them.
    """
    command.add_argument(
        "--rules",
        metavar="PATH",
        action="append",
        default=[],
        help="a rule file or folder layered on the packaged pack (repeatable)",
    )
    command.add_argument(
        "--templates",
        metavar="PATH",
        action="append",
        default=[],
        help="a folder of templates used before the packaged ones (repeatable)",
    )


def advisor_of(options: argparse.Namespace) -> Advisor:
    """
    Return an advisor of the packs and templates of :func:`add_packs`.

    Raises:
        UsageError: A pack or template cannot be read: bad input, as elsewhere.
    """
    try:
        return Advisor(rules=options.rules, templates=options.templates)
    except RulePackError as error:
        raise UsageError(str(error)) from None

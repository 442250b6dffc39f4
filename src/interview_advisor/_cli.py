"""
The ``interview-advisor`` command.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import attrs

from ._advisor import advise
from ._batch import advise_many, read_jsonl
from ._input_situation import Situation
from ._schema import advice_schema, situation_schema
from .exceptions import InterviewAdvisorError, InvalidRecordError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ._output_advice import Advice

_PROG = "interview-advisor"
_FLAGS = {"thank_you_sent", "technical_role"}
_LISTS = {"interviewer_names", "concerns_from_last_interview", "follow_up_dates"}
_DATES = {"interview_date", "today", "thank_you_sent_on"}
#: Shorter spellings people reach for.
_ALIASES = {"stated_timeframe": ["--timeframe"]}
_COUNTS = {
    "days_since_interview",
    "stated_timeframe_days",
    "follow_ups_sent",
    "days_since_last_follow_up",
    "next_interview_in_days",
}


class _UsageError(Exception):
    """
    The command line itself is wrong.
    """


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """
        Report a usage error in one line instead of printing the usage.
        """
        raise _UsageError(message)


def _parser() -> _Parser:
    parser = _Parser(
        prog=_PROG,
        description="Tell where you stand in a hiring process and what to do next.",
        epilog="Fields given as flags override the same keys read with --json.",
    )
    parser.add_argument(
        "--json",
        metavar="FILE",
        help="read the situation from a JSON object in FILE ('-' for stdin)",
    )
    parser.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="print the advice as Markdown text (default) or as JSON",
    )
    parser.add_argument(
        "--jsonl",
        metavar="FILE",
        help="advise on every line of a JSON Lines file ('-' for stdin); "
        "prints one JSON result per line",
    )
    parser.add_argument(
        "--on-error",
        choices=["skip", "fail"],
        default="skip",
        help="with --jsonl: report a bad record and go on (default), or stop at it",
    )
    parser.add_argument(
        "--ics",
        metavar="FILE",
        help="also write the dated steps as an iCalendar file ('-' for stdout)",
    )
    for field in attrs.fields(Situation):
        _add_field(parser, field.name)
    return parser


def _add_field(parser: argparse.ArgumentParser, name: str) -> None:
    flags = ["--" + name.replace("_", "-"), *_ALIASES.get(name, [])]
    if name in _FLAGS:
        parser.add_argument(*flags, action=argparse.BooleanOptionalAction, default=None)
    elif name in _LISTS:
        metavar = "DATE" if name == "follow_up_dates" else "TEXT"
        parser.add_argument(*flags, nargs="*", metavar=metavar, default=None)
    else:
        metavar = "DAYS" if name in _COUNTS else "DATE" if name in _DATES else "VALUE"
        kind = _count if name in _COUNTS else str
        parser.add_argument(*flags, type=kind, metavar=metavar, default=None, dest=name)


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


def _situation(options: argparse.Namespace) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if options.json is not None:
        data = _read_json(options.json)
        if not isinstance(data, dict):
            raise _UsageError("the JSON input must be an object of situation fields")
    # Flags given override the JSON, so a file can be reused with a change.
    for field in attrs.fields(Situation):
        value = getattr(options, field.name)
        if value is not None:
            data[field.name] = value
    return data


def _read_json(path: str) -> Any:
    try:
        if path == "-":
            return json.load(sys.stdin)
        with open(path, encoding="utf-8") as file:  # noqa: PTH123
            return json.load(file)
    except OSError as error:
        raise _UsageError(f"cannot read {path}: {error.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise _UsageError(f"{path} is not valid JSON: {error}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the command; return its exit status.

    ``interview-advisor validate PATH...`` checks rule packs and templates
    instead of advising; ``interview-advisor schema [situation|advice]``
    prints a JSON Schema.

    Args:
        argv: The arguments, without the program name; None for ``sys.argv``.

    Returns:
        0 on success, 1 when ``validate`` finds problems, 2 for bad input
        (with a one-line message on stderr).
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    # Subcommands come first, so their arguments never reach the parser of
    # a situation's fields.
    if arguments[:1] == ["validate"]:
        return _validate(arguments[1:])
    if arguments[:1] == ["schema"]:
        return _schema(arguments[1:])
    try:
        options = _parser().parse_args(arguments)
        if options.jsonl is not None:
            return _batch(options.jsonl, fail=options.on_error == "fail")
        advice = advise(_situation(options))
    except (_UsageError, InterviewAdvisorError) as error:
        print(f"{_PROG}: error: {error}", file=sys.stderr)  # noqa: T201
        return 2
    if options.format == "json":
        print(json.dumps(advice.to_dict(), indent=2, ensure_ascii=False))  # noqa: T201
    else:
        print(advice.text, end="")  # noqa: T201
    if options.ics is not None:
        return _write_ics(advice, options.ics)
    return 0


def _batch(path: str, *, fail: bool) -> int:
    """
    Advise on each line of a JSON Lines file, streaming one result a line.

    Returns:
        0 if every record was good, 1 if some were skipped, 2 if one was
        fatal (the good records before it are printed).
    """
    try:
        stream = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115, PTH123
    except OSError as error:
        raise _UsageError(f"cannot read {path}: {error.strerror}") from None
    progress = _Progress(path)
    bad: list[int] = []
    try:
        with stream:
            for result in advise_many(
                read_jsonl(stream), on_error="raise" if fail else "skip"
            ):
                print(json.dumps(result.to_dict(), ensure_ascii=False))  # noqa: T201
                if result.error is not None:
                    bad.append(result.number)
                progress.update(result.number)
    except InvalidRecordError as error:
        progress.done()
        print(f"{_PROG}: error: line {error}", file=sys.stderr)  # noqa: T201
        return 2
    progress.done()
    if bad:
        shown = ", ".join(str(n) for n in bad[:10]) + (" ..." if len(bad) > 10 else "")
        print(f"{_PROG}: {len(bad)} records skipped, lines {shown}", file=sys.stderr)  # noqa: T201
        return 1
    return 0


class _Progress:
    """
    A progress bar on standard error, shown only to a person at a terminal.
    """

    def __init__(self, path: str) -> None:
        self._shown = sys.stderr.isatty()
        self._total = _count_lines(path) if self._shown and path != "-" else None
        self._last = 0.0

    def update(self, done: int) -> None:
        now = time.monotonic()
        if not self._shown or now - self._last < 0.2:  # five updates a second
            return
        self._last = now
        if self._total:
            filled = 30 * done // self._total
            bar = "#" * filled + "-" * (30 - filled)
            sys.stderr.write(f"\r[{bar}] {done}/{self._total}")
        else:
            sys.stderr.write(f"\r{done} records")
        sys.stderr.flush()

    def done(self) -> None:
        if self._shown and self._last:
            sys.stderr.write("\n")


def _count_lines(path: str) -> int | None:
    try:
        with open(path, "rb") as file:  # noqa: PTH123
            return sum(1 for _ in file)
    except OSError:
        return None


def _schema(arguments: list[str]) -> int:
    """
    Print the JSON Schema of a situation (the default) or of the advice.
    """
    schemas = {"situation": situation_schema, "advice": advice_schema}
    if len(arguments) > 1 or (arguments and arguments[0] not in schemas):
        print(f"usage: {_PROG} schema [situation|advice]", file=sys.stderr)  # noqa: T201
        return 2
    print(json.dumps(schemas[arguments[0] if arguments else "situation"](), indent=2))  # noqa: T201
    return 0


def _validate(arguments: list[str]) -> int:
    """
    Check the rule packs and templates named; print every problem.
    """
    if not arguments or arguments[0].startswith("-"):
        print(f"usage: {_PROG} validate PATH...", file=sys.stderr)  # noqa: T201
        return 2
    from ._rules_validate import validate  # noqa: PLC0415  # Jinja, TOML: this command only

    rules, templates, problems = validate([Path(a) for a in arguments])
    for problem in problems:
        print(problem)  # noqa: T201
    summary = f"{rules} rules and {templates} templates checked"
    print(f"{summary}: {len(problems)} problems" if problems else f"{summary}: ok")  # noqa: T201
    return 1 if problems else 0


def _write_ics(advice: Advice, path: str) -> int:
    """
    Write the plan of *advice* as iCalendar to *path* ('-' for stdout).
    """
    if advice.today is None:
        print(  # noqa: T201
            f"{_PROG}: error: --ics needs a dated situation "
            "(--interview-date or --today)",
            file=sys.stderr,
        )
        return 2
    ics = advice.plan().to_ics()
    if path == "-":
        sys.stdout.write(ics)
        return 0
    try:
        with open(path, "w", encoding="utf-8", newline="") as file:  # noqa: PTH123
            file.write(ics)
    except OSError as error:
        print(f"{_PROG}: error: cannot write {path}: {error.strerror}", file=sys.stderr)  # noqa: T201
        return 2
    return 0

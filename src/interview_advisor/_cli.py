"""
The ``interview-advisor`` command.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from typing import IO, TYPE_CHECKING, Any, Final, NoReturn

import attrs

from ._advisor import advise
from ._batch import advise_many, read_jsonl
from ._input_situation import Situation
from ._wording import plural
from .exceptions import (
    InterviewAdvisorError,
    InvalidRecordError,
    InvalidSettingError,
    InvalidSituationError,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from ._batch import BatchResult
    from ._output_advice import Advice

_PROG = "interview-advisor"
#: Exit statuses, besides 0 (done) and 1 (records skipped, or problems found).
USAGE: Final = 2
FAILED: Final = 3
INTERRUPTED: Final = 130
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
    # ValueError covers bad JSON, bad UTF-8 and integers of over 4,300 digits.
    except (ValueError, RecursionError) as error:
        reason = "nesting too deep" if isinstance(error, RecursionError) else error
        raise _UsageError(f"{path} is not valid JSON: {reason}") from None


#: The subcommands: name, then where its runner is ("module:function", the
#: module relative to this package, imported only when the subcommand runs)
#: and a one-line summary for the help. A runner takes the arguments after
#: the subcommand's name and returns the exit status.
SUBCOMMANDS: Final[dict[str, tuple[str, str]]] = {
    "validate": ("._cli_tools:validate", "check rule packs and templates"),
    "schema": (
        "._cli_tools:schema",
        "print a JSON Schema",
    ),
    "mcp": ("._cli_tools:mcp", "serve the advisor's tools over MCP"),
}


def _subcommand(name: str) -> Callable[[list[str]], int]:
    """
    Return the runner of subcommand *name*, importing its module.
    """
    module, _, function = SUBCOMMANDS[name][0].partition(":")
    runner: Callable[[list[str]], int] = getattr(
        importlib.import_module(module, __package__), function
    )
    return runner


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the command; return its exit status.

    ``interview-advisor validate PATH...`` checks rule packs and templates
    instead of advising; ``interview-advisor schema [situation|advice]``
    prints a JSON Schema; ``interview-advisor mcp`` serves MCP (docs/serving.md).

    Args:
        argv: The arguments, without the program name; None for ``sys.argv``.

    Returns:
        0 on success; 1 when ``validate`` finds problems or a batch skipped
        records; 2 for a usage error or bad input; 3 when the run failed
        (reading or writing, or the rules); 130 when interrupted. Every
        error is one line on stderr.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    # Subcommands come first, so their arguments never reach the parser of
    # a situation's fields.
    if arguments and arguments[0] in SUBCOMMANDS:
        return _subcommand(arguments[0])(arguments[1:])
    try:
        return _advise(arguments)
    except (_UsageError, InvalidSituationError, InvalidSettingError) as error:
        return _fail(USAGE, error)
    except InterviewAdvisorError as error:
        return _fail(FAILED, error)
    except KeyboardInterrupt:
        print(f"{_PROG}: interrupted", file=sys.stderr)  # noqa: T201
        return INTERRUPTED


def _advise(arguments: list[str]) -> int:
    """
    Advise on the situation the arguments give, or on a JSON Lines batch.
    """
    options = _parser().parse_args(arguments)
    if options.jsonl is not None:
        return _batch(options.jsonl, fail=options.on_error == "fail")
    advice = advise(_situation(options))
    if options.format == "json":
        print(json.dumps(advice.to_dict(), indent=2, ensure_ascii=False))  # noqa: T201
    else:
        print(advice.text, end="")  # noqa: T201
    if options.ics is not None:
        return _write_ics(advice, options.ics)
    return 0


def _fail(status: int, error: BaseException) -> int:
    print(f"{_PROG}: error: {error}", file=sys.stderr)  # noqa: T201
    return status


def _batch(path: str, *, fail: bool) -> int:
    """
    Advise on each line of a JSON Lines file, streaming one result a line.

    Lines are read as bytes and decoded one by one, so a line that is not
    UTF-8 is one bad record.

    Returns:
        0 if every record was good, 1 if some were skipped, 2 if one was
        fatal (the good records before it are printed), 3 if reading,
        writing or the rules failed, 130 if interrupted; the last two
        print how far the run got.
    """
    try:
        stream = open(path, "rb") if path != "-" else _binary(sys.stdin)  # noqa: SIM115, PTH123
    except OSError as error:
        raise _UsageError(f"cannot read {path}: {error.strerror}") from None
    run = _Run(_Progress(path))
    try:
        with stream:
            for result in advise_many(
                read_jsonl(stream), on_error="raise" if fail else "skip"
            ):
                run.report(result)
    except InvalidRecordError as error:
        run.progress.done()
        print(f"{_PROG}: error: line {error}", file=sys.stderr)  # noqa: T201
        return USAGE
    except KeyboardInterrupt:
        return run.stop(INTERRUPTED, "interrupted")
    # UnicodeError: a standard output that cannot take the text.
    except (OSError, UnicodeError, InterviewAdvisorError) as error:
        return run.stop(FAILED, f"error: the run failed: {error}")
    return run.finish()


def _binary(stream: IO[str]) -> IO[bytes] | IO[str]:
    """
    Return the bytes under a text stream, when it has them.
    """
    return getattr(stream, "buffer", stream)


#: One encoder for every line: json.dumps makes one per call otherwise.
_to_json = json.JSONEncoder(ensure_ascii=False).encode


@attrs.define
class _Run:
    """
    How far a batch got: the records advised and those skipped.
    """

    progress: _Progress
    advised: int = 0
    skipped: list[int] = attrs.Factory(list)

    def report(self, result: BatchResult) -> None:
        """
        Count a result, then print it.
        """
        if result.error is None:
            self.advised += 1
        else:
            self.skipped.append(result.number)
        sys.stdout.write(_to_json(result.to_dict()) + "\n")
        self.progress.update(result.number)

    def stop(self, status: int, why: str) -> int:
        """
        End a run cut short, saying how far it got; return *status*.
        """
        self.progress.done()
        done = f"{plural(self.advised, 'record')} advised, {len(self.skipped)} skipped"
        print(f"{_PROG}: {why}; {done} before it", file=sys.stderr)  # noqa: T201
        return status

    def finish(self) -> int:
        """
        End a whole run, naming the skipped lines; return its status.
        """
        self.progress.done()
        if not self.skipped:
            return 0
        bad = self.skipped
        shown = ", ".join(str(n) for n in bad[:10]) + (" ..." if len(bad) > 10 else "")
        lines = "line" if len(bad) == 1 else "lines"
        skipped = f"{plural(len(bad), 'record')} skipped, {lines} {shown}"
        print(f"{_PROG}: {skipped}", file=sys.stderr)  # noqa: T201
        return 1


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
            sys.stderr.write(f"\r{plural(done, 'record')}")
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

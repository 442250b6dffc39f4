"""
The ``interview-advisor`` command.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
from typing import IO, TYPE_CHECKING, Any, Final

import attrs

from ._advisor import advise
from ._batch import advise_many, read_jsonl
from ._cli_options import PROG, UsageError, check, fields_given, parser
from ._wording import plural
from .exceptions import (
    InterviewAdvisorError,
    InvalidRecordError,
    InvalidSettingError,
    InvalidSituationError,
)

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence

    from ._batch import BatchResult
    from ._output_advice import Advice

#: Exit statuses, besides 0 (done) and 1 (records skipped, or problems found).
USAGE: Final = 2
FAILED: Final = 3
INTERRUPTED: Final = 130
#: What a shell reports for a command ended by SIGPIPE: its reader left.
BROKEN_PIPE: Final = 141
#: The names subcommands' modules have imported from here; now in _cli_options.
_PROG: Final = PROG
_UsageError = UsageError


def _situation(options: argparse.Namespace) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if options.json is not None:
        data = _read_json(options.json)
        if not isinstance(data, dict):
            raise UsageError("the JSON input must be an object of situation fields")
    # Flags given override the JSON, so a file can be reused with a change.
    return data | fields_given(options)


def _read_json(path: str) -> Any:
    try:
        if path == "-":
            return json.load(sys.stdin)
        with open(path, encoding="utf-8") as file:  # noqa: PTH123
            return json.load(file)
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from None
    # ValueError covers bad JSON, bad UTF-8 and integers of over 4,300 digits.
    except (ValueError, RecursionError) as error:
        reason = "nesting too deep" if isinstance(error, RecursionError) else error
        raise UsageError(f"{path} is not valid JSON: {reason}") from None


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
    "explain": (
        "._cli_explain:explain",
        "say why, why not, what if and what lies ahead",
    ),
    "agenda": ("._cli_agenda:command", "today's steps across a file of applications"),
    "check": ("._cli_check:check", "prove a rule pack over its whole signal space"),
    "table": ("._cli_check:table", "print a rule pack's decision table"),
    "test": ("._cli_check:test", "run scenario files, with rule coverage"),
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
        (reading or writing, or the rules); 130 when interrupted; 141 when
        the reader of the output left early (``| head``). Every error is
        one line on stderr.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        status = _run(arguments)
        # Written now, so a reader gone is seen here and not at exit.
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        return BROKEN_PIPE
    except SystemExit as done:  # --help and --version, of any subcommand
        return _status(done.code)
    except UsageError as error:
        return _fail(USAGE, error)
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)  # noqa: T201
        return INTERRUPTED
    return status


def _silence_stdout() -> None:
    """
    Point standard output at the null device, its reader having left.
    """
    # Python flushes stdout again at exit, and would fail again.
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # a stdout without a file (a test's)
        pass
    finally:
        os.close(devnull)


def _status(code: object) -> int:
    """
    Return the exit status a ``SystemExit`` carries.
    """
    if code is None:
        return 0
    return code if isinstance(code, int) else USAGE


def _run(arguments: list[str]) -> int:
    """
    Run the subcommand the arguments name, or advise.
    """
    # Subcommands come first, so their arguments never reach the parser of
    # a situation's fields.
    if arguments and arguments[0] in SUBCOMMANDS:
        return _subcommand(arguments[0])(arguments[1:])
    try:
        return _advise(arguments)
    except (InvalidSituationError, InvalidSettingError) as error:
        return _fail(USAGE, error)
    except InterviewAdvisorError as error:
        return _fail(FAILED, error)


def _advise(arguments: list[str]) -> int:
    """
    Advise on the situation the arguments give, or on a JSON Lines batch.
    """
    options = parser(SUBCOMMANDS).parse_args(arguments)
    check(options)
    if options.jsonl is not None:
        return _batch(options.jsonl, fail=options.on_error == "fail")
    advice = advise(_situation(options))
    # The calendar first: any error about it comes before the advice.
    if options.ics is not None:
        ics = _calendar(advice)
        if options.ics == "-":
            sys.stdout.write(ics)
            return 0
        _write(options.ics, ics)
    if options.format == "json":
        print(json.dumps(advice.to_dict(), indent=2, ensure_ascii=False))  # noqa: T201
    else:
        print(advice.text, end="")  # noqa: T201
    return 0


def _fail(status: int, error: BaseException) -> int:
    print(f"{PROG}: error: {error}", file=sys.stderr)  # noqa: T201
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
        raise UsageError(f"cannot read {path}: {error.strerror}") from None
    run = _Run(_Progress(path))
    try:
        with stream:
            for result in advise_many(
                read_jsonl(stream), on_error="raise" if fail else "skip"
            ):
                run.report(result)
    except InvalidRecordError as error:
        run.progress.done()
        print(f"{PROG}: error: line {error}", file=sys.stderr)  # noqa: T201
        return USAGE
    except KeyboardInterrupt:
        return run.stop(INTERRUPTED, "interrupted")
    except BrokenPipeError:
        raise  # the reader left: main() ends quietly

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
        print(f"{PROG}: {why}; {done} before it", file=sys.stderr)  # noqa: T201
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
        print(f"{PROG}: {skipped}", file=sys.stderr)  # noqa: T201
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


def _calendar(advice: Advice) -> str:
    """
    Return the plan of *advice* as iCalendar.
    """
    if advice.today is None:
        raise UsageError("--ics needs a dated situation (--interview-date or --today)")
    return advice.plan().to_ics()


def _write(path: str, text: str) -> None:
    try:
        with open(path, "w", encoding="utf-8", newline="") as file:  # noqa: PTH123
            file.write(text)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror}") from None

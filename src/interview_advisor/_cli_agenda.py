"""
The ``agenda`` subcommand: today's steps across the applications of a file.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from ._agenda_build import MAX_DAYS_AHEAD, agenda
from ._agenda_out import card
from ._cli import _PROG, FAILED, INTERRUPTED, USAGE
from ._cli_options import Parser, UsageError, add_packs, advisor_of
from ._wording import plural
from .exceptions import (
    InterviewAdvisorError,
    InvalidRecordError,
    InvalidSettingError,
    UnreadableFileError,
)

if TYPE_CHECKING:
    from ._agenda import Agenda


def _parser() -> Parser:
    parser = Parser(
        prog=f"{_PROG} agenda",
        description="Today's steps across the applications of FILE, "
        "most urgent first, then the coming days.",
    )
    parser.add_argument(
        "file", metavar="FILE", help="applications: .json, .jsonl, .csv or .toml"
    )
    parser.add_argument(
        "--today", metavar="DATE", help="the date of the agenda (default: today)"
    )
    parser.add_argument(
        "--days",
        type=int,
        default=7,
        metavar="N",
        help=f"how many days after today to show (0 to {MAX_DAYS_AHEAD}; default 7)",
    )
    parser.add_argument(
        "--format",
        choices=["text", "json", "markdown", "csv"],
        help="print the agenda as text (default), JSON, Markdown or CSV",
    )
    parser.add_argument(
        "--ics",
        metavar="FEED",
        help="also write every dated step as one iCalendar feed ('-' for stdout)",
    )
    add_packs(parser)
    parser.add_argument(
        "--on-error",
        choices=["skip", "fail"],
        default="skip",
        help="report a bad application and go on (default), or stop at it",
    )
    return parser


def command(arguments: list[str]) -> int:
    """
    Print the agenda of a file of applications; return the exit status.

    Returns:
        0 when every application was read; 1 when some were skipped (each
        named on stderr by its line); 2 for a usage error, a file that
        cannot be read, a feed that cannot be written, or a bad
        application with ``--on-error fail``; 3 when printing or the rules
        failed; 130 when interrupted.
    """
    try:
        options = _parser().parse_args(arguments)
        # A usage error comes before any output, as the main command's do.
        feed = _open_feed(options.ics, options.format)
        custom = options.rules or options.templates
        advisor = advisor_of(options) if custom else None
        found = agenda(
            options.file,
            today=options.today,
            days=options.days,
            on_error="raise" if options.on_error == "fail" else "skip",
            advisor=advisor,
        )
        if options.ics != "-":
            _print(found, options.format or "text")
        if options.ics is not None:
            _write(feed, found.to_ics())
    except BrokenPipeError:
        # The reader left early (| head): main() ends quietly with 141.
        raise
    except InvalidRecordError as error:
        return _fail(USAGE, f"line {error}")
    except (UsageError, InvalidSettingError, UnreadableFileError) as error:
        return _fail(USAGE, str(error))
    except KeyboardInterrupt:
        print(f"{_PROG}: interrupted", file=sys.stderr)  # noqa: T201
        return INTERRUPTED
    # UnicodeError: a standard output that cannot take the text.
    except (OSError, UnicodeError, InterviewAdvisorError) as error:
        return _fail(FAILED, f"the run failed: {error}")
    return _report_skipped(found)


def _print(found: Agenda, kind: str) -> None:
    if kind == "json":
        text = json.dumps(found.to_dict(), indent=2, ensure_ascii=False) + "\n"
    elif kind == "markdown":
        text = card(found, "md")
    elif kind == "csv":
        text = found.to_csv()
    else:
        text = str(found)
    sys.stdout.write(text)


def _open_feed(path: str | None, kind: str | None) -> str | None:
    """
    Check that the calendar feed *path* can be written, before any output.

    Returns:
        The path; None for no feed or for ``-``, standard output, which
        then gets the calendar alone, so a format is refused with it.
    """
    if path == "-" and kind is not None:
        message = "--format does nothing with --ics -, which prints the calendar alone"
        raise UsageError(message)
    if path is None or path == "-":
        return None
    try:
        # Appending opens the file without emptying a feed written before.
        with open(path, "a", encoding="utf-8"):  # noqa: PTH123
            pass
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror}") from None
    return path


def _write(feed: str | None, text: str) -> None:
    """
    Write the calendar *text* to the file *feed*, or to standard output.
    """
    if feed is None:
        sys.stdout.write(text)
        return
    try:
        with open(feed, "w", encoding="utf-8", newline="") as file:  # noqa: PTH123
            file.write(text)
    except OSError as error:
        raise UsageError(f"cannot write {feed}: {error.strerror}") from None


def _fail(status: int, message: str) -> int:
    print(f"{_PROG}: error: {message}", file=sys.stderr)  # noqa: T201
    return status


def _report_skipped(found: Agenda) -> int:
    """
    Name each skipped application and what is wrong with it; return the status.
    """
    for result in found.skipped:
        print(f"{_PROG}: line {result.number}: {result.error}", file=sys.stderr)  # noqa: T201
    if not found.skipped:
        return 0
    count = plural(len(found.skipped), "application")
    print(f"{_PROG}: {count} skipped", file=sys.stderr)  # noqa: T201
    return 1

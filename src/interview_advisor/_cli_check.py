"""
The subcommands that prove a rule pack: ``check``, ``table`` and ``test``.
"""

from __future__ import annotations

import argparse
import sys
from typing import Final, NoReturn

from ._cli import _PROG, FAILED, USAGE
from ._wording import plural
from .exceptions import EngineUnavailableError, InterviewAdvisorError

#: The exit status when a check or a scenario finds something.
FOUND: Final = 1


class _Parser(argparse.ArgumentParser):
    """
    An argument parser that reports bad arguments by exit status, not exit.
    """

    def error(self, message: str) -> NoReturn:
        # One line, as every error of the command line is.
        print(f"{_PROG}: error: {self.prog.split()[-1]}: {message}", file=sys.stderr)  # noqa: T201
        raise _UsageError


class _UsageError(Exception):
    pass


def _parse(
    parser: argparse.ArgumentParser, arguments: list[str]
) -> argparse.Namespace | int:
    """
    Return the options parsed, or the exit status when there are none to run.
    """
    try:
        return parser.parse_args(arguments)
    except _UsageError:
        return USAGE
    except SystemExit as done:  # --help, printed
        return int(done.code or 0)


def _fail(error: InterviewAdvisorError) -> int:
    print(f"{_PROG}: error: {error}", file=sys.stderr)  # noqa: T201
    # Bad packs and files are bad input; an engine that cannot run is not.
    return FAILED if isinstance(error, EngineUnavailableError) else USAGE


def check(arguments: list[str]) -> int:
    """
    Prove the packaged rule pack, with the packs named layered on it.
    """
    from ._pack_check import KINDS, check_rules  # noqa: PLC0415  # the engine: this command only

    parser = _Parser(prog=f"{_PROG} check", description=check.__doc__)
    parser.add_argument(
        "packs", nargs="*", metavar="PACK", help="rule files or folders"
    )
    parser.add_argument(
        "--allow",
        action="append",
        default=[],
        choices=KINDS,
        help="a kind of finding the pack means to have (repeatable)",
    )
    options = _parse(parser, arguments)
    if isinstance(options, int):
        return options
    try:
        report = check_rules(options.packs)
    except InterviewAdvisorError as error:
        return _fail(error)
    found = report.without(options.allow)
    for finding in found:
        print(finding)  # noqa: T201
    summary = f"{plural(report.regions, 'region')} checked"
    print(f"{summary}: {plural(len(found), 'finding')}" if found else f"{summary}: ok")  # noqa: T201
    return FOUND if found else 0


def table(arguments: list[str]) -> int:
    """
    Print the decision table of the packaged rule pack, with the packs named.
    """
    from ._pack_table import FORMATS, decision_table  # noqa: PLC0415  # likewise

    parser = _Parser(prog=f"{_PROG} table", description=table.__doc__)
    parser.add_argument(
        "packs", nargs="*", metavar="PACK", help="rule files or folders"
    )
    parser.add_argument("--format", choices=FORMATS, default="markdown")
    options = _parse(parser, arguments)
    if isinstance(options, int):
        return options
    try:
        text = decision_table(options.packs, format=options.format)
    except InterviewAdvisorError as error:
        return _fail(error)
    sys.stdout.write(text)
    return 0


def test(arguments: list[str]) -> int:
    """
    Run scenario files; print every failure and the rules never fired.
    """
    from ._scenarios import run_scenarios  # noqa: PLC0415  # likewise

    parser = _Parser(prog=f"{_PROG} test", description=test.__doc__)
    parser.add_argument(
        "scenarios", nargs="*", metavar="SCENARIOS", help="scenario files or folders"
    )
    parser.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="PATH",
        help="a rule pack to layer",
    )
    options = _parse(parser, arguments)
    if isinstance(options, int):
        return options
    try:
        report = run_scenarios(options.scenarios, rules=options.rules)
    except InterviewAdvisorError as error:
        return _fail(error)
    for failure in report.failures:
        print(failure)  # noqa: T201
    total = len(report.fired) + len(report.never_fired)
    print(  # noqa: T201
        f"{plural(report.scenarios, 'scenario')} run, "
        f"{plural(len(report.failures), 'failure')}; "
        f"rules fired: {len(report.fired)} of {total}"
    )
    if report.never_fired:
        print(f"never fired: {', '.join(report.never_fired)}")  # noqa: T201
    return FOUND if report.failures else 0

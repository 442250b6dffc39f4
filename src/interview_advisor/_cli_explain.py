"""
The ``explain`` subcommand: why, why not, what if, what lies ahead, what to ask.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ._cli import FAILED, USAGE, _fail, _situation
from ._cli_options import PROG, Parser, UsageError, add_fields, add_packs, advisor_of
from .exceptions import (
    InterviewAdvisorError,
    InvalidSettingError,
    InvalidSituationError,
)

if TYPE_CHECKING:
    import argparse

    from ._output_advice import Advice


def explain(arguments: list[str]) -> int:
    """
    Explain the advice for the situation the arguments give; print the answers.
    """
    try:
        return _explain(arguments)
    except (UsageError, InvalidSituationError, InvalidSettingError) as error:
        return _fail(USAGE, error)
    except InterviewAdvisorError as error:
        return _fail(FAILED, error)


def _parser() -> Parser:
    parser = Parser(
        prog=f"{PROG} explain",
        description="Say why the advice says what it says, and what would change it.",
    )
    parser.add_argument("--json", metavar="FILE", help="read the situation from FILE")
    parser.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="print the answers as text (default) or as JSON",
    )
    parser.add_argument(
        "--what-if",
        metavar="FIELD=VALUE",
        action="append",
        default=[],
        help="the advice with FIELD changed (repeat for more fields; VALUE as JSON)",
    )
    parser.add_argument(
        "--ahead",
        metavar="DAYS",
        type=int,
        help="when the advice changes if nothing happens",
    )
    parser.add_argument(
        "--why-not",
        metavar="STATUS_OR_RULE",
        help="the nearest rules giving a status, a step kind or a rule id",
    )
    parser.add_argument(
        "--questions",
        action="store_true",
        help="the unknown fields that would change it",
    )
    add_packs(parser)
    add_fields(parser)
    return parser


def _explain(arguments: list[str]) -> int:
    options = _parser().parse_args(arguments)
    with advisor_of(options) as advisor:
        advice = advisor.advise(_situation(options))
        answers = _answers(advice, options)
        if options.format == "json":
            data = {name: answer.to_dict() for name, answer in answers.items()}
            print(json.dumps(data, indent=2, ensure_ascii=False))  # noqa: T201
        else:
            for name, answer in answers.items():
                print(f"{_HEADINGS[name]}\n{answer}\n")  # noqa: T201
    return 0


_HEADINGS = {
    "explain": "Why:",
    "why_not": "Why not:",
    "what_if": "What if:",
    "ahead": "Ahead, if nothing happens:",
    "questions": "What to ask next:",
}


def _answers(advice: Advice, options: argparse.Namespace) -> dict[str, Any]:
    """
    Return the answers the options ask for, the explanation first.
    """
    answers: dict[str, Any] = {"explain": advice.explain()}
    if options.why_not is not None:
        answers["why_not"] = advice.why_not(options.why_not)
    if options.what_if:
        answers["what_if"] = advice.what_if(**_changes(options.what_if))
    if options.ahead is not None:
        answers["ahead"] = advice.changes_ahead(options.ahead)
    if options.questions:
        answers["questions"] = advice.questions()
    return answers


def _changes(pairs: list[str]) -> dict[str, Any]:
    """
    Read ``FIELD=VALUE`` pairs; a VALUE that is JSON is read as JSON.
    """
    changes = {}
    for pair in pairs:
        field, equals, text = pair.partition("=")
        if not equals or not field:
            raise UsageError(f"--what-if: got {pair!r}, expected FIELD=VALUE")
        try:
            changes[field] = json.loads(text)
        except ValueError:
            changes[field] = text  # plain text, such as a stage's name
    return changes

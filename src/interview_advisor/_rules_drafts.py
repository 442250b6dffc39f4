"""
What a rule pack decides about drafts.

Who receives one, the day counts it quotes, and what it shows for a detail
the situation lacks.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ._rules_check import check_guarded
from ._rules_conditions import parse_sum
from ._rules_model import PLACEHOLDERS, RECIPIENTS
from ._rules_toml import marks_of, short
from .exceptions import RulePackError

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from ._rules_model import Condition, Expr, Figure, RulePack, Where


def recipients(where: Where, value: object) -> tuple[str, ...]:
    """
    Read an action's ``to``: who receives its draft, in order of preference.
    """
    if not (
        isinstance(value, list)
        and value
        and all(isinstance(v, str) and v in RECIPIENTS for v in value)
    ):
        raise where.error(
            f"'to' takes a list of {', '.join(map(repr, RECIPIENTS))}, "
            f"got {short(value)}"
        )
    return tuple(value)


def draft_values(
    where: Where,
    values: object,
    figures: Mapping[str, Figure],
    when: tuple[Condition, ...],
) -> tuple[tuple[str, Expr], ...]:
    """
    Read an action's ``draft_values``: names for the day counts a draft quotes.
    """
    if not isinstance(values, dict):
        raise where.error("'draft_values' must be a table of names and sums")
    parsed = []
    for name, value in values.items():
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise where.error(f"a draft value needs a plain name, got {short(name)}")
        expr = parse_sum(where, f"draft_values.{name}", value, figures)
        check_guarded(where, expr, when)
        parsed.append((name, expr))
    return tuple(parsed)


def placeholders_of(path: Path, text: str, data: dict[str, Any]) -> dict[str, str]:
    """
    Read a file's ``[placeholder]`` table: what a draft shows for a gap.
    """
    raw = data.get("placeholder", {})
    marks = marks_of(text) if raw else {}
    if not isinstance(raw, dict):
        raise RulePackError("'placeholder' must be a table", file=str(path))
    for name, value in raw.items():
        if name not in PLACEHOLDERS:
            raise RulePackError(
                f"unknown placeholder {short(name)}; expected one of "
                f"{', '.join(PLACEHOLDERS)}",
                file=str(path),
                line=marks.get("key:placeholder"),
            )
        if not (isinstance(value, str) and value.strip()):
            raise RulePackError(
                f"placeholder {name!r} must be a non-empty text, got {short(value)}",
                file=str(path),
                line=marks.get("key:placeholder"),
            )
    return dict(raw)


def missing_placeholders(pack: RulePack) -> list[RulePackError]:
    """
    Report the placeholders a pack with drafts lacks, as one problem.
    """
    drafted = [rule for rule in pack.rules if any(spec.draft for spec in rule.actions)]
    missing = [name for name in PLACEHOLDERS if name not in pack.placeholders]
    if not (drafted and missing):
        return []
    rule = drafted[0]
    return [
        RulePackError(
            f"the pack has drafts but no placeholder for {', '.join(missing)}; "
            "add them to a [placeholder] table",
            file=rule.file,
            rule_id=rule.id,
            line=rule.line,
        )
    ]

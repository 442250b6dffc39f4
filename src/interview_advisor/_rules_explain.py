"""
Reading a pack's conditions against signals: which hold, in words, and why.

The engine says which rules fired; this module says why, from the same
parsed conditions the engine was compiled from, so explanations cannot
drift from the decisions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import attrs

from ._daycount import MAX_DAYS
from ._enums import plain
from ._rules_conditions import COMPARE
from ._rules_model import Expr
from ._signals import SIGNALS

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._rules_model import Condition, Figure, Rule

#: What each signal is called in explanations.
LABELS: Final = {
    "stage": "the stage",
    "days_since_interview": "the days since the interview",
    "stated_timeframe_days": "the timeframe they gave",
    "employer_response": "the employer's answer",
    "thank_you_sent": "a thank-you note sent",
    "follow_ups_sent": "the follow-ups sent",
    "days_since_last_follow_up": "the days since the last follow-up",
    "next_interview_in_days": "the days until the next round",
    "technical_role": "a technical role",
    "seniority": "the seniority",
    "days_since_next_round": "the days since the next round's date",
    "has_concerns": "concerns raised",
    "business_days": "counting business days",
    "calendar_days_since_interview": "the calendar days since the interview",
    "decision_window_days": "the decision window",
    "stated_timeframe_given_days": "the timeframe as they gave it",
}
_PHRASES: Final = {
    "eq": "exactly",
    "ne": "other than",
    "lt": "less than",
    "lte": "at most",
    "gt": "more than",
    "gte": "at least",
}


@attrs.frozen
class FigureUsed:
    """
    A timing figure a condition used, and where it comes from.

    Attributes:
        name: The figure's name in the pack.
        value: The figure in its own unit.
        unit: The unit: hours, calendar_days, business_days, weeks or count.
        days: The figure as the condition counted it, in days or as a count.
        source: Who published it.
    """

    name: str
    value: int
    unit: str
    days: int
    source: str


@attrs.frozen
class ConditionShown:
    """
    One condition of a rule, checked against a situation's signals.

    Attributes:
        field: The signal tested.
        op: The test, as the pack format spells it (``gt``, ``in``, ...).
        actual: The signal's value (None when it is not given).
        target: What it was compared with, worked out for these signals.
        holds: Whether the condition holds.
        text: The condition in words, with the values it met or missed.
        meet: The value of the signal that would meet it, if it fails.
        figures: The timing figures the comparison used, with sources.
    """

    field: str
    op: str
    actual: str | int | bool | None
    target: str
    holds: bool
    text: str
    meet: str | None = None
    figures: tuple[FigureUsed, ...] = ()


def check(
    condition: Condition,
    signals: Mapping[str, Any],
    figures: Mapping[str, Figure],
    *,
    business: bool,
) -> ConditionShown:
    """
    Return *condition* checked against *signals*, with the figures it used.

    Like the engine, a test of an absent signal fails, but for ``present``.
    """
    field, op = condition.field, condition.op
    actual = signals.get(field)
    days = {name: figure.in_days(business=business) for name, figure in figures.items()}
    used: tuple[FigureUsed, ...] = ()
    if isinstance(condition.value, Expr):
        expr = condition.value
        used = tuple(
            FigureUsed(name, f.value, f.unit, days[name], f.source)
            for name, f in ((name, figures[name]) for _, name in expr.figures)
        )
        known = all(signals.get(name) is not None for _, name in expr.signals)
        target: object = expr.value(signals, days) if known else None
        target_text = _sum_text(expr, signals, days, figures, target)
    else:
        target, target_text = condition.value, shown(condition.value)
    holds = _holds(op, actual, target)
    return ConditionShown(
        field=field,
        op=op,
        actual=actual,
        target=target_text,
        holds=holds,
        text=_text(field, op, actual, target_text, holds=holds),
        meet=None if holds else _meet(field, op, target),
        figures=used,
    )


def _holds(op: str, actual: object, target: object) -> bool:
    if op == "present":
        return (actual is not None) is target
    if actual is None or target is None:
        return False
    if op in {"in", "not_in"}:
        items = tuple(target) if isinstance(target, tuple | list) else ()
        return (actual in items) is (op == "in")
    return COMPARE[op](actual, target)


def shown(value: object) -> str:
    """
    Return a condition's value as words: ``on hold``, ``yes``, ``a or b``.
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple | list):
        return " or ".join(shown(item) for item in value)
    return str(plain(None, None, value)).replace("_", " ")


def _figure_text(name: str, days: int, figure: Figure) -> str:
    """
    Return a figure as a sum names it: ``follow up buffer 2``.

    Where its own unit gives another number, that follows:
    ``thank you hours 1 [24 hours]``.
    """
    unit = figure.unit.replace("_", " ")
    own = "" if figure.value == days else f" [{figure.value} {unit}]"
    return f"{name.replace('_', ' ')} {days}{own}"


def _sum_text(
    expr: Expr,
    signals: Mapping[str, Any],
    days: Mapping[str, int],
    figures: Mapping[str, Figure],
    total: object,
) -> str:
    """
    Return a sum as its total, then its terms: ``10 (decision window 7 + ...)``.
    """
    terms = [
        (sign, _figure_text(name, days[name], figures[name]))
        for sign, name in expr.figures
    ]
    terms += [
        (sign, f"{LABELS[name].removeprefix('the ')} {shown(signals.get(name))}")
        for sign, name in expr.signals
    ]
    if expr.constant:
        terms.append((1 if expr.constant > 0 else -1, str(abs(expr.constant))))
    if not terms or (len(terms) == 1 and not expr.figures and not expr.signals):
        return shown(total)
    parts = [("- " if sign < 0 else "+ ") + text for sign, text in terms]
    joined = " ".join(parts).removeprefix("+ ")
    return f"{shown(total)} ({joined})"


def _text(field: str, op: str, actual: object, target: str, *, holds: bool) -> str:
    """
    Return a condition in words, as it holds or fails.
    """
    label = LABELS[field]
    is_ = shown(actual) if actual is not None else "not given"
    if op == "present":
        return f"{label}: {is_}" + ("" if actual is None else ", given")
    verdict = "" if holds else "not "
    if op in {"in", "not_in"}:
        wanted = "one of" if op == "in" else "none of"
        return f"{label}: {is_}, {verdict}{wanted} {target}"
    if SIGNALS[field].kind != "count":
        if op == "eq":
            return f"{label}: {is_}" + ("" if holds else f", not {target}")
        return f"{label}: {is_}" + (f", not {target}" if holds else "")
    return f"{label}: {is_}, {verdict}{_PHRASES[op]} {target}"


def _meet(field: str, op: str, target: object) -> str | None:
    """
    Return the value of *field* that would meet a failed test, in words.
    """
    spec = SIGNALS[field]
    if op == "present":
        return "any value" if target else "not given"
    if target is None:
        return None  # it compares with a signal that is not given
    if op == "in":
        return shown(target)
    if op == "not_in":
        items = target if isinstance(target, tuple) else ()
        others = [c for c in spec.choices if c not in items] or ["another value"]
        return shown(tuple(others))
    if spec.kind == "count" and isinstance(target, int):
        return _counted(op, target)
    return shown(target) if op == "eq" else f"anything but {shown(target)}"


def _counted(op: str, target: int) -> str:
    return {
        "eq": str(target),
        "ne": f"anything but {target}",
        "lt": f"{target - 1} or less",
        "lte": f"{target} or less",
        "gt": f"{target + 1} or more",
        "gte": f"{target} or more",
    }[op]


def boundaries(
    rules: tuple[Rule, ...],
    field: str,
    signals: Mapping[str, Any],
    figure_days: Mapping[str, int],
) -> tuple[int, ...]:
    """
    Return the values of count signal *field* at which some condition turns.

    Each condition that compares *field*, or compares another signal with a
    sum that names *field*, gives the value where both sides are equal; the
    values either side of it are returned too, from 0 to the bound of day
    counts, in order.
    """
    found: set[int] = set()
    for rule in rules:
        for condition in rule.when:
            if isinstance(condition.value, Expr):
                found |= _turns(condition, field, signals, figure_days)
            elif condition.field == field and isinstance(condition.value, int):
                found.add(condition.value)
            elif condition.field == field and condition.op in {"in", "not_in"}:
                found |= {v for v in condition.items() if isinstance(v, int)}
    near = {value + step for value in found for step in (-1, 0, 1)}
    return tuple(sorted(value for value in near if 0 <= value <= MAX_DAYS))


def _turns(
    condition: Condition,
    field: str,
    signals: Mapping[str, Any],
    figure_days: Mapping[str, int],
) -> set[int]:
    """
    Return where *condition* turns as *field* changes, if it depends on it.
    """
    expr = condition.value
    assert isinstance(expr, Expr)  # noqa: S101  # the caller checked
    others = [(s, n) for s, n in expr.signals if n != field]
    if any(signals.get(name) is None for _, name in others):
        return set()
    rest = expr.constant_days(figure_days) + sum(
        sign * int(signals[name]) for sign, name in others
    )
    if condition.field == field:
        return set() if len(others) < len(expr.signals) else {rest}
    left = signals.get(condition.field)
    mine = [sign for sign, name in expr.signals if name == field]
    if left is None or len(mine) != 1:
        return set()
    # left = rest + sign * field, so field = sign * (left - rest).
    return {mine[0] * (int(left) - rest)}

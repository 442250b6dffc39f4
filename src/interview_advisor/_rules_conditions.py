"""
Parsing a rule's conditions, and the sums they and its due days compare with.

It also checks the day count a due day is given in.

Rules write due days and count thresholds as sums of integers, figures and
count signals, such as ``stated_timeframe_days + follow_up_buffer``.
"""

from __future__ import annotations

import operator
import re
from typing import TYPE_CHECKING, Any, Final

from ._rules_model import OPERATORS, Condition, Expr
from ._signals import SIGNALS
from .exceptions import RulePackError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from ._rules_model import Figure, Where

#: How each comparison of the pack format reads, in Python.
COMPARE: Final[dict[str, Callable[[Any, Any], bool]]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
}
#: The biggest number a condition or a sum may name.
MAX_NUMBER: Final = 10_000
_TERM: Final = re.compile(r"\s*([+-]?)\s*([A-Za-z_][A-Za-z0-9_]*|\d+)\s*")


def parse_sum(
    where: Where, key: str, value: object, figures: Mapping[str, Figure]
) -> Expr:
    """
    Parse an integer or a sum such as ``"stated_timeframe_days + buffer - 1"``.
    """
    # bool is an int too, but "due = true" is a mistake, not one day.
    if type(value) is int:
        return Expr(value, (), ())
    if not isinstance(value, str):
        raise where.error(
            f"{key!r} takes a number or a sum of figures and signals, got {value!r}"
        )
    constant, named, signals, position = 0, [], [], 0
    while position < len(value):
        found = _TERM.match(value, position)
        # Every term after the first needs its sign: "a b" is not a sum.
        if not found or (position and not found.group(1)):
            raise where.error(f"cannot read {key!r} expression {value!r}")
        sign = -1 if found.group(1) == "-" else 1
        name = found.group(2)
        if name.isdigit():
            constant += sign * _number(where, key, name)
        elif name in figures:
            # Kept by name: its days depend on the count, known only later.
            named.append((sign, name))
        elif name in SIGNALS and SIGNALS[name].kind == "count":
            signals.append((sign, name))
        else:
            raise where.error(
                f"{name!r} in {key!r} is neither a figure nor a count signal"
            )
        position = found.end()
    return Expr(constant, tuple(named), tuple(signals))


def _number(where: Where, key: str, digits: str) -> int:
    # Checked by length first: int() of thousands of digits is itself slow.
    if len(digits) > len(str(MAX_NUMBER)) or int(digits) > MAX_NUMBER:
        raise where.error(
            f"{digits[:20]!r} in {key!r} is too big; a number may be at most "
            f"{MAX_NUMBER:,}"
        )
    return int(digits)


def parse_conditions(
    where: Where, raw: object, figures: Mapping[str, Figure]
) -> tuple[Condition, ...]:
    """
    Return the conditions of a rule's ``[rule.when]`` table.
    """
    if not isinstance(raw, dict):
        raise where.error("'when' must be a table of signal names to tests")
    conditions, problems = [], []
    # Every test is read, so one run reports each bad one.
    for field, test in raw.items():
        if field not in SIGNALS:
            accepted = ", ".join(SIGNALS)
            problems.append(
                where.error(
                    f"unknown condition field {field!r}; expected one of: {accepted}"
                )
            )
            continue
        # A bare value is shorthand for equality: stage = "applied".
        tests = test if isinstance(test, dict) else {"eq": test}
        for op, value in tests.items():
            try:
                conditions.append(_condition(where, field, op, value, figures))
            except RulePackError as error:
                problems.append(error)
    if problems:
        raise problems[0] if len(problems) == 1 else RulePackError.of(problems)
    return tuple(conditions)


def _condition(
    where: Where, field: str, op: str, value: object, figures: Mapping[str, Figure]
) -> Condition:
    """
    Check one test against the signal it names and return it.
    """
    if op not in OPERATORS:
        accepted = ", ".join(OPERATORS)
        raise where.error(
            f"unknown operator {op!r} for {field!r}; expected one of: {accepted}"
        )
    spec = SIGNALS[field]
    if op == "present":
        if not isinstance(value, bool):
            raise where.error(
                f"'present' takes true or false, got {value!r} for {field!r}"
            )
        return Condition(field, op, value)
    if op in {"in", "not_in"}:
        if not isinstance(value, list) or not value:
            raise where.error(
                f"{op!r} takes a non-empty list, got {value!r} for {field!r}"
            )
        return Condition(
            field, op, tuple(_operand(where, field, item) for item in value)
        )
    if spec.kind == "count":
        return Condition(field, op, parse_sum(where, field, value, figures))
    # Choices and flags have no order: only equality makes sense for them.
    if op not in {"eq", "ne"}:
        raise where.error(f"{op!r} does not apply to {spec.kind} signal {field!r}")
    return Condition(field, op, _operand(where, field, value))


def _operand(where: Where, field: str, value: object) -> object:
    """
    Check that *value* is something signal *field* can hold.
    """
    spec = SIGNALS[field]
    if spec.kind == "choice" and value in spec.choices:
        return value
    if spec.kind == "flag" and isinstance(value, bool):
        return value
    if spec.kind == "count" and type(value) is int and abs(value) <= MAX_NUMBER:
        return value
    # Listing the accepted values turns a typo into a one-look fix.
    accepted = ", ".join(spec.choices) if spec.choices else spec.kind
    if spec.kind == "count":
        accepted = f"a count of at most {MAX_NUMBER:,}"
    raise where.error(f"{value!r} is not a value of {field!r}; expected {accepted}")


#: The counts an action's due day may be given in.
COUNTS: Final = ("business_days", "calendar_days")
#: What a due day counted in calendar days may add up: figures in these
#: units, and signals that count calendar days even in dated advice.
_CALENDAR_UNITS: Final = frozenset({"hours", "calendar_days"})
_CALENDAR_SIGNALS: Final = frozenset(
    {"calendar_days_since_interview", "stated_timeframe_given_days"}
)


def check_counted_in(
    where: Where, counted_in: object, expr: Expr | None, figures: Mapping[str, Figure]
) -> None:
    """
    Check that a due day counted in calendar days adds up calendar days only.
    """
    if counted_in not in COUNTS:
        raise where.error(
            f"'counted_in' must be one of {', '.join(COUNTS)}, got {counted_in!r}"
        )
    if counted_in == "business_days" or expr is None:
        return
    wrong = [
        name for _, name in expr.figures if figures[name].unit not in _CALENDAR_UNITS
    ]
    wrong += [name for _, name in expr.signals if name not in _CALENDAR_SIGNALS]
    if wrong:
        raise where.error(
            f"a due day counted in calendar days cannot use {', '.join(wrong)}: "
            "only figures in hours or calendar days and "
            "calendar_days_since_interview"
        )

"""
The edge situations of a rule: where a custom rule's texts must render.

One situation meets every condition of the rule; each other differs from
it in one signal, set to an edge value: 0, the maximum, absent, or either
side of a value the conditions name.
"""

from __future__ import annotations

import functools
import types
from typing import TYPE_CHECKING, Any

from ._daycount import MAX_DAYS
from ._input_checks import MAX_FOLLOW_UPS
from ._rules_check import holds, holds_one
from ._rules_model import Expr
from ._signals import SIGNALS

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from ._rules_model import Condition, Figure, Rule


def edges(
    rule: Rule, figures: Mapping[str, Figure], read: set[str]
) -> Iterator[tuple[str, dict[str, Any]]]:
    """
    Yield the edge situations in which *rule* fires, as texts reading *read* see them.

    One situation meets every condition; each other differs from it in one
    signal, set to an edge value: 0, the maximum, absent, or either side of
    a value the conditions name. Edges that differ from the first only in a
    signal not in *read* render as it does: only the first of those is
    yielded, in its place.
    """
    counts = [_in_days(tuple(figures.items()), business=b) for b in (False, True)]
    candidates = {name: _candidates(name, rule, counts) for name in SIGNALS}
    base, reading = _base(rule, candidates, counts[0])
    for business in (False, True):
        start = {**base, "business_days": business}
        days = counts[business]
        failing = {id(c) for c in rule.when if not holds_one(c, start, days)}
        # Whether an edge that renders as the first one has been yielded.
        first = not failing
        if first:
            yield "the signals are " + _show(start), start
        for name, values in candidates.items():
            if first and name not in read:
                continue
            conditions = reading[name]
            if failing - {id(c) for c in conditions}:
                continue  # a condition this signal does not touch fails
            for label, signals in _changed(start, name, values, conditions, days):
                yield label, signals
                if name not in read:
                    first = True
                    break


def _base(
    rule: Rule, candidates: dict[str, list[Any]], days: Mapping[str, int]
) -> tuple[dict[str, Any], dict[str, list[Condition]]]:
    """
    Return the first edge's signals, and the conditions each signal is in.

    Each signal takes the first candidate meeting the conditions on it alone
    (with the figures in *days*); a condition comparing it with another
    signal waits for the edges.
    """
    alone: dict[str, list[Condition]] = {name: [] for name in candidates}
    reading: dict[str, list[Condition]] = {name: [] for name in candidates}
    for condition in rule.when:
        if not isinstance(condition.value, Expr) or not condition.value.signals:
            alone[condition.field].append(condition)
        # Changing one signal can only change whether these hold.
        for name in _reads(condition):
            reading[name].append(condition)
    base = {
        name: next(
            (v for v in values if holds(tuple(alone[name]), {name: v}, days)),
            values[0],
        )
        for name, values in candidates.items()
    }
    return base, reading


def _changed(
    start: dict[str, Any],
    name: str,
    values: list[Any],
    conditions: list[Condition],
    days: Mapping[str, int],
) -> Iterator[tuple[str, dict[str, Any]]]:
    """
    Yield *start* with *name* set to each of *values* that keeps *conditions*.
    """
    for value in values:
        if value == start[name]:
            continue
        signals = {**start, name: value}
        if all(holds_one(c, signals, days) for c in conditions):
            yield f"{name} is {value!r}", signals


@functools.lru_cache(maxsize=16)
def _in_days(
    figures: tuple[tuple[str, Figure], ...], *, business: bool
) -> Mapping[str, int]:
    """
    Return *figures* in days; a pack's rules are checked with the same ones.
    """
    # Cached and shared by every rule of a pack: read-only.
    return types.MappingProxyType(
        {name: figure.in_days(business=business) for name, figure in figures}
    )


def _reads(condition: Condition) -> set[str]:
    """
    Return the signals *condition* reads.
    """
    value = condition.value
    summed = {name for _, name in value.signals} if isinstance(value, Expr) else set()
    return {condition.field} | summed


def _candidates(name: str, rule: Rule, counts: list[Mapping[str, int]]) -> list[Any]:
    """
    Return the edge values of signal *name* for *rule*.

    A count's values are 0, 1, its maximum, absence if it is optional, and
    either side of each number or sum of figures its conditions compare it
    with, in both day counts.
    """
    spec = SIGNALS[name]
    if spec.kind == "flag":
        return [False, True]
    if spec.kind == "choice":
        named = [
            value
            for c in rule.when
            if c.field == name and c.op in {"eq", "in"}
            for value in (c.items() if c.op == "in" else (c.value,))
        ]
        return list(dict.fromkeys([*named, spec.choices[0], spec.choices[-1]]))
    top = MAX_FOLLOW_UPS if name == "follow_ups_sent" else MAX_DAYS
    near = [
        number + step
        for c in rule.when
        if c.field == name
        for number in _numbers(c.value, counts)
        for step in (-1, 0, 1)
    ]
    values = [1, 0, top, *(v for v in near if 0 <= v <= top)]
    return list(dict.fromkeys(values + ([None] if spec.optional else [])))


def _numbers(value: object, counts: list[Mapping[str, int]]) -> list[int]:
    """
    Return the numbers a condition's *value* stands for, in each day count.

    A sum that reads a signal stands for none: its edges are the signal's.
    """
    if type(value) is int:
        return [value]
    if isinstance(value, Expr) and not value.signals:
        return list(dict.fromkeys(value.constant_days(days) for days in counts))
    return []


def _show(signals: Mapping[str, Any]) -> str:
    return ", ".join(f"{name}={value!r}" for name, value in signals.items())

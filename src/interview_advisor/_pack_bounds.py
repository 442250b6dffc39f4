"""
A pack's thresholds: each test and due day solved for the signal split last.

The signal space splits the signals one after another, in :data:`ORDER`; a
test of one signal against a sum of others is a threshold of whichever of
them is split last, so it is solved for that one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import attrs

from ._rules_model import Expr

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._rules_model import Condition, RulePack

#: The order the signals are split in: choices and flags first, since they
#: rule out the most rules, then each count after those its sums read.
ORDER: Final = (
    "employer_response",
    "stage",
    "seniority",
    "thank_you_sent",
    "technical_role",
    "has_concerns",
    "stated_timeframe_days",
    "decision_window_days",
    "stated_timeframe_given_days",
    "days_since_interview",
    "calendar_days_since_interview",
    "follow_ups_sent",
    "days_since_last_follow_up",
    "next_interview_in_days",
    "days_since_next_round",
)


@attrs.frozen
class Bound:
    """
    A sum a count signal is compared with: its terms, and how it reads.
    """

    rule: str
    signals: tuple[tuple[int, str], ...]
    constant: int
    text: str

    def value(self, signals: Mapping[str, Any]) -> int:
        return self.constant + sum(s * int(signals[n]) for s, n in self.signals)


def bounds(
    pack: RulePack, days: Mapping[str, int], tests: Mapping[str, tuple[Condition, ...]]
) -> dict[str, list[Bound]]:
    """
    Return, by count signal, the sums each rule compares it with.

    A test of ``x`` against a sum that reads later signals is a bound on the
    last of them instead, found by solving for it; a due day is a bound
    where it reaches 0, the day it falls due now.
    """
    found: dict[str, list[Bound]] = {}
    forms: list[tuple[str, str | None, Expr]] = [
        (r.id, c.field, c.value)
        for r in pack.rules
        for c in tests[r.id]
        if isinstance(c.value, Expr)
    ]
    forms += [(r.id, None, a.due) for r in pack.rules for a in r.actions if a.due]
    for rule, field, expr in forms:
        terms: tuple[tuple[int, str], ...] = ((1, field),) if field else ()
        terms += tuple((-sign, name) for sign, name in expr.signals)
        if not terms:
            continue  # a due day of figures alone: due later whatever the signals
        last = max((name for _, name in terms), key=ORDER.index)
        sign = next(s for s, name in terms if name == last)
        rest = tuple((-s * sign, n) for s, n in terms if n != last)
        constant = expr.constant_days(days) * sign
        text = _text(expr, field, last, sign)
        found.setdefault(last, []).append(Bound(rule, rest, constant, text))
    return found


def _text(expr: Expr, field: str | None, last: str, sign: int) -> str:
    """
    Return how a bound on *last* reads, in the pack's names.
    """
    terms = [(s, n) for s, n in expr.signals + expr.figures]
    terms += [(-1, field)] if field else []
    terms = [(s * sign, n) for s, n in terms if n != last]
    constant = expr.constant * sign
    parts = [("- " if s < 0 else "+ ") + n for s, n in terms]
    if constant:
        parts.append(f"{'-' if constant < 0 else '+'} {abs(constant)}")
    text = " ".join(parts).removeprefix("+ ") or "0"
    return text if not text.startswith("- ") else "-" + text[2:]


def completed(pack: RulePack) -> dict[str, dict[str, tuple[Condition, ...]]]:
    """
    Return, by rule id and signal, the tests that signal completes.
    """
    found: dict[str, dict[str, tuple[Condition, ...]]] = {}
    for rule in pack.rules:
        by_signal: dict[str, tuple[Condition, ...]] = {}
        for condition in rule.when:
            last = last_split(condition)
            by_signal[last] = (*by_signal.get(last, ()), condition)
        found[rule.id] = by_signal
    return found


def last_split(condition: Condition) -> str:
    """
    Return the signal, of those *condition* reads, that is split last.
    """
    names = [condition.field]
    if isinstance(condition.value, Expr):
        names += [name for _, name in condition.value.signals]
    return max(names, key=ORDER.index)

"""
Pack validation: what reading one table cannot check.

Optional signals are guarded, due days are bounded, needed facts are
derived earlier, and every status is reachable. The rule texts are checked
in :mod:`._rules_texts`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from ._daycount import MAX_DAYS
from ._enums import Status
from ._rules_conditions import COMPARE
from ._rules_model import BANDS, FORBIDDEN_STEPS, Expr
from ._signals import SIGNALS
from .exceptions import RulePackError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._rules_model import Condition, Figure, Rule, RulePack, Where

#: The furthest a due day may be, in days, for any situation.
MAX_DUE: Final = 2 * MAX_DAYS


def check_guarded(where: Where, expr: Expr, when: tuple[Condition, ...]) -> None:
    """
    Check that every optional signal *expr* reads is known to be present.
    """
    # Any test but "absent" or "not equal" fails on a missing signal, so the
    # engine only reaches the sum when the signal is there.
    present = {
        c.field
        for c in when
        if not (c.op == "present" and not c.value) and c.op != "ne"
    }
    for _, name in expr.signals:
        if SIGNALS[name].optional and name not in present:
            raise where.error(
                f"uses optional signal {name!r} without a condition that it is present"
            )


def check_due(where: Where, expr: Expr, figures: Mapping[str, Figure]) -> None:
    """
    Check that the due day *expr* stays within :data:`MAX_DUE` days.
    """
    # Each count signal is from 0 to MAX_DAYS: the sum is furthest when the
    # ones added are at the top and the ones taken away at the bottom, or
    # the other way round.
    terms = [(sign, figures[name].days) for sign, name in expr.figures]
    terms += [(sign, MAX_DAYS) for sign, _ in expr.signals]
    top = expr.constant + sum(days for sign, days in terms if sign > 0)
    bottom = expr.constant - sum(days for sign, days in terms if sign < 0)
    furthest = max(abs(top), abs(bottom))
    if furthest > MAX_DUE:
        raise where.error(
            f"'due' can reach {furthest:,} days; it may be at most {MAX_DUE:,} "
            f"days for any situation (each count signal up to {MAX_DAYS})"
        )


def holds(
    when: tuple[Condition, ...], signals: dict[str, Any], days: Mapping[str, int]
) -> bool:
    """
    Tell whether every condition holds for *signals*, as the engine decides.
    """
    return all(holds_one(condition, signals, days) for condition in when)


def holds_one(
    condition: Condition, signals: Mapping[str, Any], days: Mapping[str, int]
) -> bool:
    """
    Tell whether *condition* holds for *signals*, as the engine decides.
    """
    value = signals[condition.field]
    if condition.op == "present":
        return (value is not None) == bool(condition.value)
    if value is None:
        # The engine fails every other test on an absent signal.
        return condition.op in {"ne", "not_in"}
    if condition.op in {"in", "not_in"}:
        return (value in condition.items()) == (condition.op == "in")
    target = condition.value
    if isinstance(target, Expr):
        try:
            target = target.value(signals, days)
        except TypeError:  # it reads an absent signal
            return False
    return COMPARE[condition.op](value, target)


def check_pack(pack: RulePack) -> list[RulePackError]:
    """
    Check what no single rule shows: chaining, steps, bands, reachability.
    """
    problems = _check_chaining(pack.rules) + _check_forbidden(pack.rules)
    # A priority beyond every band is refused by the reader already.
    in_bands = [(band, rule) for rule in pack.rules for band in BANDS if rule in band]
    problems += [error for b, r in in_bands if (error := b.misfit(r)) is not None]
    produced = {rule.status for rule in pack.rules}
    missing = [status.value for status in Status if status not in produced]
    if missing:
        problems.append(
            RulePackError(f"no rule concludes the status {', '.join(missing)}")
        )
    return problems


def _check_chaining(rules: tuple[Rule, ...]) -> list[RulePackError]:
    """
    Check that every needed fact is derived by rules that fire before.
    """
    derivers: dict[str, list[Rule]] = {}
    for rule in rules:
        for name in rule.derive:
            derivers.setdefault(name, []).append(rule)
    problems = []
    for rule in rules:
        for name in rule.needs:
            late = [r.id for r in derivers.get(name, []) if r.priority >= rule.priority]
            if name not in derivers:
                message = f"needs fact {name!r}, which no rule derives"
            elif late:
                message = (
                    f"needs fact {name!r}, but {late} derive it at the same or a "
                    f"later priority; give them a lower priority number than "
                    f"{rule.priority}"
                )
            else:
                continue
            problems.append(rule.error(message))
    return problems


def _check_forbidden(rules: tuple[Rule, ...]) -> list[RulePackError]:
    """
    Check that no rule can recommend a step its status forbids.

    A step can come with a status when one rule gives both, or when its rule
    answers the same employer responses and needs every fact the status
    rule needs; the grid scan of the tests covers the day counts.
    """
    problems = []
    for status_rule in rules:
        status = status_rule.status
        if status is None:
            continue
        forbidden = FORBIDDEN_STEPS.get(status, frozenset())
        for rule in rules:
            kinds = {spec.kind for spec in rule.actions} & forbidden
            together = kinds and (
                rule is status_rule
                or (
                    set(status_rule.needs) <= set(rule.needs)
                    and rule.responses() & status_rule.responses()
                )
            )
            if not together:
                continue
            problems += [
                rule.error(
                    f"recommends {kind.value!r}, which status "
                    f"{status.value!r} of rule {status_rule.id!r} "
                    "forbids (see the table of forbidden steps)"
                )
                for kind in sorted(kinds)
            ]
    return problems

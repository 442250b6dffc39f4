"""
Why and why not: the rules behind an advice, from the pack's own conditions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from ._enums import ActionKind, Status
from ._output_explain import Explanation, NearMiss, RuleExplained, WhyNot
from ._rules_explain import ConditionShown, check, shown
from .exceptions import InvalidSettingError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._output_advice import Advice
    from ._rules_model import Rule, RulePack

#: How many near misses ``why_not`` gives at most.
NEAREST = 3


def explain(advice: Advice, pack: RulePack, signals: Mapping[str, Any]) -> Explanation:
    """
    Return every rule that fired for *advice*, with its conditions checked.
    """
    rules = {rule.id: rule for rule in pack.rules}
    business = bool(signals["business_days"])
    return Explanation(
        status=advice.status,
        rules=tuple(
            RuleExplained(
                rule_id=reason.rule_id,
                reason=reason.text,
                concludes=concludes(rules[reason.rule_id]),
                conditions=tuple(
                    check(condition, signals, pack.figures, business=business)
                    for condition in rules[reason.rule_id].when
                ),
                needs=rules[reason.rule_id].needs,
            )
            for reason in advice.reasons
        ),
    )


def concludes(rule: Rule) -> str:
    """
    Return what *rule* concludes, in words.
    """
    parts = [f"finds {shown(name)}" for name in rule.derive]
    if rule.status is not None:
        parts.append(f"status {shown(rule.status)}")
    if rule.outlook is not None:
        parts.append(f"odds {shown(rule.outlook.odds)}")
    if rule.actions:
        kinds = ", ".join(shown(spec.kind) for spec in rule.actions)
        parts.append(f"steps: {kinds}")
    return "; ".join(parts) or "nothing"


def why_not(
    advice: Advice, target: str, pack: RulePack, signals: Mapping[str, Any]
) -> WhyNot:
    """
    Return the rules nearest to giving *target*, and what each one missed.

    Raises:
        InvalidSettingError: *target* is not a status, a step kind or a rule
            id of *pack*.
    """
    givers = [rule for rule in pack.rules if _gives(rule, target)]
    if not givers and target not in set(Status) | set(ActionKind):
        statuses = ", ".join(member.value for member in Status)
        kinds = ", ".join(member.value for member in ActionKind)
        raise InvalidSettingError(
            f"why_not: got {target!r}, expected a status ({statuses}), a step "
            f"kind ({kinds}) or the id of a rule of the pack"
        )
    fired = [rule for rule in pack.rules if rule.id in _fired_ids(advice)]
    if _holds(advice, target):
        return WhyNot(target, holds=True, nearest=())
    misses = [_near_miss(rule, fired, pack, signals) for rule in givers]
    # Fewest misses first; then the rule that would fire first.
    order = {rule.id: rule.priority for rule in givers}
    misses.sort(key=lambda miss: (_distance(miss), order[miss.rule_id]))
    return WhyNot(target, holds=False, nearest=tuple(misses[:NEAREST]))


def _fired_ids(advice: Advice) -> set[str]:
    return {reason.rule_id for reason in advice.reasons}


def _gives(rule: Rule, target: str) -> bool:
    kinds = {str(spec.kind) for spec in rule.actions}
    return target in {rule.id, str(rule.status)} or target in kinds


def _holds(advice: Advice, target: str) -> bool:
    given = {str(advice.status), *(str(action.kind) for action in advice.actions)}
    return target in given or target in _fired_ids(advice)


def _near_miss(
    rule: Rule, fired: list[Rule], pack: RulePack, signals: Mapping[str, Any]
) -> NearMiss:
    """
    Return what *rule* missed for *signals*, with the value that would meet it.
    """
    business = bool(signals["business_days"])
    checked = [check(c, signals, pack.figures, business=business) for c in rule.when]
    missed = [shown_ for shown_ in checked if not shown_.holds]
    derived = {name for other in fired for name in other.derive}
    missed += [
        _missing_fact(need, pack, signals) for need in rule.needs if need not in derived
    ]
    blocked = _blocked_by(rule, fired)
    return NearMiss(
        rule_id=rule.id,
        concludes=concludes(rule),
        missed=tuple(missed),
        blocked_by=blocked,
        text=_miss_text(missed, blocked),
    )


def _missing_fact(
    need: str, pack: RulePack, signals: Mapping[str, Any]
) -> ConditionShown:
    """
    Return a derived fact not found as a missed condition.

    It names the first thing the nearest rule deriving it missed.
    """
    business = bool(signals["business_days"])
    nearest: list[ConditionShown] | None = None
    for rule in pack.rules:
        if need in rule.derive and not rule.needs:
            checked = [
                check(c, signals, pack.figures, business=business) for c in rule.when
            ]
            missed = [shown_ for shown_ in checked if not shown_.holds]
            if missed and (nearest is None or len(missed) < len(nearest)):
                nearest = missed
    text = f"no earlier rule found {shown(need)}"
    if not nearest:
        return ConditionShown(need, "needs", None, shown(need), holds=False, text=text)
    first = nearest[0]
    return attrs.evolve(first, text=f"{text}: {first.text}")


def _blocked_by(rule: Rule, fired: list[Rule]) -> str | None:
    """
    Return the fired rule that took the status or outlook *rule* concludes.
    """
    for other in fired:
        if other.priority > rule.priority:
            continue  # *rule* would have fired first
        took_status = rule.status is not None and other.status is not None
        took_outlook = rule.outlook is not None and other.outlook is not None
        if took_status or took_outlook:
            return other.id
    return None


def _distance(miss: NearMiss) -> int:
    return len(miss.missed) + (miss.blocked_by is not None)


def _miss_text(missed: list[ConditionShown], blocked: str | None) -> str:
    """
    Return the first thing a rule missed, in words.
    """
    if missed:
        first = missed[0]
        meet = f"; it would need {first.meet}" if first.meet else ""
        return f"{first.text}{meet}"
    if blocked:
        return f"rule {blocked} fired first and concluded in its place"
    return "it fired"

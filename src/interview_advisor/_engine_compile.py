"""
Compiling rules into durable-rules' JSON form, figures in the day count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from ._rules_model import Expr

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._rules_model import Condition, Rule

#: Each comparison of the pack format in the engine's form; ``eq`` has none,
#: since the engine reads a bare ``{field: value}`` as equality.
_COMPARISONS: Final = {
    "eq": None,
    "ne": "$neq",
    "lt": "$lt",
    "lte": "$lte",
    "gt": "$gt",
    "gte": "$gte",
}
#: The single-valued conclusions; a rule concluding one takes its slot fact.
SLOTS: Final = ("status", "outlook")


def compile_rule(
    key: str, rule: Rule, figure_days: Mapping[str, int]
) -> dict[str, Any]:
    """
    Return *rule* as an engine rule definition (the JSON form).

    The alias of the situation fact is the rule's key, which the engine
    reports back when the rule fires.
    """
    tests = [condition_to_engine(condition, figure_days) for condition in rule.when]
    situation = {"$and": [{"t": "situation"}, *tests]}
    terms: list[dict[str, Any]] = [{key: situation}]
    terms += [
        {f"need{index}": {"$and": [{"t": "derived"}, {"name": name}]}}
        for index, name in enumerate(rule.needs)
    ]
    concluded = {"status": rule.status is not None, "outlook": rule.outlook is not None}
    terms += [
        {f"{slot}_slot": {"$and": [{"t": "slot"}, {"name": slot}]}}
        for slot in SLOTS
        if concluded[slot]
    ]
    return {"all": terms, "pri": rule.priority}


def condition_to_engine(
    condition: Condition, figure_days: Mapping[str, int]
) -> dict[str, Any]:
    """
    Return one test in the engine's JSON form, with figures in days.
    """
    field, op = condition.field, condition.op
    if op == "present":
        return {"$ex" if condition.value else "$nex": {field: 1}}
    if op == "in":
        return {"$or": [{field: item} for item in condition.items()]}
    if op == "not_in":
        return {"$and": [{"$neq": {field: item}} for item in condition.items()]}
    right = (
        expr_to_engine(condition.value, figure_days)
        if isinstance(condition.value, Expr)
        else condition.value
    )
    engine_op = _COMPARISONS[op]
    return {field: right} if engine_op is None else {engine_op: {field: right}}


def expr_to_engine(expr: Expr, figure_days: Mapping[str, int]) -> object:
    """
    Return a sum in the engine's JSON form: a number, or a tree of signals.
    """
    constant = expr.constant_days(figure_days)
    if not expr.signals:
        return constant
    first_sign, first = expr.signals[0]
    tree: object = {"$m": first}
    if first_sign < 0:
        # The engine has no negation: -x is written 0 - x.
        tree = {"$sub": {"$l": 0, "$r": tree}}
    for sign, name in expr.signals[1:]:
        tree = {"$add" if sign > 0 else "$sub": {"$l": tree, "$r": {"$m": name}}}
    if constant:
        op = "$add" if constant > 0 else "$sub"
        tree = {op: {"$l": tree, "$r": abs(constant)}}
    return tree

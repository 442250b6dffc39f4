"""
Compiling rules into durable-rules' JSON form.

A figure is not compiled as a number of days: the situation fact carries
every figure in its own day count (see :func:`figure_field`), so one
compiled pack serves calendar and business days alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from ._rules_model import Expr

if TYPE_CHECKING:
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
#: What the situation fact's field of a figure starts with; no signal does.
FIGURE_FIELD: Final = "figure__"


def figure_field(name: str) -> str:
    """
    Return the situation fact's field that holds figure *name*, in days.
    """
    return FIGURE_FIELD + name


def compile_rule(key: str, rule: Rule) -> dict[str, Any]:
    """
    Return *rule* as an engine rule definition (the JSON form).

    The alias of the situation fact is the rule's key, which the engine
    reports back when the rule fires.
    """
    tests = [condition_to_engine(condition) for condition in rule.when]
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


def condition_to_engine(condition: Condition) -> dict[str, Any]:
    """
    Return one test in the engine's JSON form.
    """
    field, op = condition.field, condition.op
    if op == "present":
        return {"$ex" if condition.value else "$nex": {field: 1}}
    if op == "in":
        return {"$or": [{field: item} for item in condition.items()]}
    if op == "not_in":
        return {"$and": [{"$neq": {field: item}} for item in condition.items()]}
    right = (
        expr_to_engine(condition.value)
        if isinstance(condition.value, Expr)
        else condition.value
    )
    engine_op = _COMPARISONS[op]
    return {field: right} if engine_op is None else {engine_op: {field: right}}


def expr_to_engine(expr: Expr) -> object:
    """
    Return a sum in the engine's JSON form: a number, or a tree of fields.

    Signals and figures are fields of the situation fact; the integers are
    added up into one number.
    """
    fields = [(sign, figure_field(name)) for sign, name in expr.figures]
    fields += expr.signals
    if not fields:
        return expr.constant
    first_sign, first = fields[0]
    tree: object = {"$m": first}
    if first_sign < 0:
        # The engine has no negation: -x is written 0 - x.
        tree = {"$sub": {"$l": 0, "$r": tree}}
    for sign, name in fields[1:]:
        tree = {"$add" if sign > 0 else "$sub": {"$l": tree, "$r": {"$m": name}}}
    if expr.constant:
        op = "$add" if expr.constant > 0 else "$sub"
        tree = {op: {"$l": tree, "$r": abs(expr.constant)}}
    return tree

"""
The branches of a rule's texts: what they test, and which of them show.

A text's ``{% if %}`` tests signals too, so the signal space splits at
them as well; each branch is marked, so a run can tell which branches are
shown in a region and which are shown in none.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any, Final

import jinja2
import jinja2.meta
from jinja2 import nodes

from ._rules_model import Condition, Expr
from ._rules_texts import texts_of
from ._signals import SIGNALS
from ._templating import base_variables, text_environment

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._rules_model import Rule

#: The comparisons of Jinja, as the pack format spells them.
_OPS: Final = {"eq": "eq", "ne": "ne", "lt": "lt", "lteq": "lte", "gt": "gt"} | {
    "gteq": "gte",
    "in": "in",
    "notin": "not_in",
}
_MARK: Final = re.compile("\x01([0-9]+)\x02")


def text_tests(rule: Rule) -> tuple[Condition, ...]:
    """
    Return the tests of signals that *rule*'s texts make, as conditions.

    Only tests of a signal against constants are read; the space splits at
    them as at a rule's own tests.
    """
    env = text_environment(sandboxed=rule.custom)
    found: list[Condition] = []
    for text in texts_of(rule):
        ast = env.parse(text)
        tests = [n.test for n in ast.find_all(nodes.If)]
        tests += [n.test for n in ast.find_all(nodes.CondExpr)]
        found += [condition for test in tests for condition in _tests(test)]
    return tuple(found)


def _tests(test: nodes.Node) -> list[Condition]:
    """
    Return the conditions one ``if`` test makes of signals and constants.
    """
    if isinstance(test, nodes.And | nodes.Or):
        return _tests(test.left) + _tests(test.right)
    if isinstance(test, nodes.Not):
        return _tests(test.node)
    if isinstance(test, nodes.Name | nodes.Test):
        return _presence(test)
    if not (isinstance(test, nodes.Compare) and isinstance(test.expr, nodes.Name)):
        return []
    name = test.expr.name
    if name not in SIGNALS or len(test.ops) != 1:
        return []
    op, operand = test.ops[0].op, test.ops[0].expr
    return _compare(name, _OPS.get(op), operand)


def _presence(test: nodes.Name | nodes.Test) -> list[Condition]:
    """
    Return what a bare ``signal`` or a ``signal is none`` test makes.
    """
    if isinstance(test, nodes.Test):
        node = test.node
        if not isinstance(node, nodes.Name) or node.name not in SIGNALS:
            return []
        absent = Condition(node.name, "present", value=False)
        return [absent] if test.name == "none" else []
    if test.name not in SIGNALS:
        return []
    spec = SIGNALS[test.name]
    if spec.kind == "flag":
        return [Condition(test.name, "eq", value=True)]
    return [Condition(test.name, "present", value=True)] if spec.optional else []


def _compare(name: str, op: str | None, operand: nodes.Expr) -> list[Condition]:
    if op in {"in", "not_in"} and isinstance(operand, nodes.List | nodes.Tuple):
        items = [item.value for item in operand.items if isinstance(item, nodes.Const)]
        return [Condition(name, op, tuple(items))] if items else []
    if op is None or not isinstance(operand, nodes.Const):
        return []
    value = operand.value
    if SIGNALS[name].kind == "count" and type(value) is int:
        return [Condition(name, op, Expr(value, (), ()))]
    return [Condition(name, op, value)] if op in {"eq", "ne"} else []


@functools.lru_cache(maxsize=256)
def branches(rule: Rule) -> tuple[tuple[jinja2.Template, ...], tuple[str, ...]]:
    """
    Return *rule*'s texts that branch, marked, and how each branch begins.
    """
    marked, starts, _ = _marked(rule)
    return marked, starts


@functools.lru_cache(maxsize=256)
def _marked(
    rule: Rule,
) -> tuple[tuple[jinja2.Template, ...], tuple[str, ...], tuple[str, ...]]:
    """
    Return *rule*'s texts that branch, marked, and how each branch begins.

    Each branch of an ``{% if %}`` (and of its ``elif`` and ``else``) starts
    with a mark holding its number, so a render shows which ones ran.
    """
    env = text_environment(sandboxed=rule.custom)
    marked, starts, names = [], [], set()
    for text in texts_of(rule):
        ast = env.parse(text)
        found = False
        names |= jinja2.meta.find_undeclared_variables(ast)
        for node in list(ast.find_all(nodes.If)):
            for body in (node.body, node.else_):
                if body is node.else_ and not body:
                    continue
                starts.append(_start(body))
                body.insert(
                    0, nodes.Output([nodes.TemplateData(f"\x01{len(starts) - 1}\x02")])
                )
                found = True
        if found:
            marked.append(env.from_string(ast))
    return tuple(marked), tuple(starts), tuple(sorted(names & set(SIGNALS)))


def _start(body: list[nodes.Node]) -> str:
    """
    Return how a branch begins, for a finding to quote.
    """
    for node in body:
        for data in node.find_all(nodes.TemplateData):
            words = data.data.strip()
            if words:
                return words if len(words) <= 50 else words[:50] + "..."
    return "an expression"


def shown(
    rule: Rule,
    signals: Mapping[str, Any],
    figures: Mapping[str, int],
    seen: dict[tuple[Any, ...], frozenset[int]],
) -> frozenset[int]:
    """
    Return the numbers of *rule*'s branches shown for *signals*.

    Args:
        rule: A rule that fires for *signals*.
        signals: Every signal, by name.
        figures: The figures as rule texts quote them.
        seen: What earlier calls of one run found, which this one adds to.
    """
    marked, _, names = _marked(rule)
    if not marked:
        return frozenset()
    # The branches depend on the signals the texts read, and the day count.
    key = (rule.id, signals["business_days"], *(signals[name] for name in names))
    if key not in seen:
        seen[key] = _render(marked, signals, figures)
    return seen[key]


def _render(
    marked: tuple[jinja2.Template, ...],
    signals: Mapping[str, Any],
    figures: Mapping[str, int],
) -> frozenset[int]:
    """
    Return the numbers of the branches *marked* show for *signals*.
    """
    env = marked[0].environment
    variables = base_variables(env, **figures, **signals, concern="a concern")
    ran: set[int] = set()
    for template in marked:
        try:
            ran |= {int(m) for m in _MARK.findall(template.render(variables))}
        except Exception:  # noqa: BLE001, S112  # validate reports a failing text
            continue
    return frozenset(ran)

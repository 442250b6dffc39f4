"""
Pack validation: what reading one table cannot check.

Rule texts parse and name only known variables, optional signals are
guarded, due days are bounded, needed facts are derived earlier, and every
status is reachable. A custom rule's texts use only what a sentence needs,
and render for the edge values of every signal they can see.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import jinja2
from jinja2 import nodes

from ._daycount import MAX_DAYS
from ._enums import Status
from ._input_checks import MAX_FOLLOW_UPS
from ._rules_conditions import COMPARE
from ._rules_model import BANDS, FORBIDDEN_STEPS, Expr
from ._signals import SIGNALS
from ._templating import base_variables, text_environment, undeclared
from .exceptions import RulePackError

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from ._rules_model import Condition, Figure, Rule, RulePack, Where

#: Names a rule's text may use besides the signals and the figures.
_TEXT_EXTRAS: Final = frozenset({"concern"})
#: The furthest a due day may be, in days, for any situation.
MAX_DUE: Final = 2 * MAX_DAYS
#: What a custom rule text may be made of: text, conditions, filters and
#: arithmetic. No loop, call, macro or assignment, so its time is bounded.
_SENTENCE: Final = (
    *(nodes.Template, nodes.Output, nodes.TemplateData, nodes.If, nodes.Name),
    *(nodes.Const, nodes.Getattr, nodes.Getitem, nodes.Filter, nodes.Test),
    *(nodes.Compare, nodes.Operand, nodes.And, nodes.Or, nodes.Not, nodes.Neg),
    *(nodes.Pos, nodes.CondExpr, nodes.Concat, nodes.BinExpr, nodes.List),
    nodes.Tuple,
)
#: The filters a custom rule text may use: none can make a long text.
_FILTERS: Final = frozenset(
    {"days", "when", "date", "abs", "capitalize", "default", "first", "float"}
    | {"ago", "within", "business_days", "plural", "milestone"}
    | {"int", "join", "last", "length", "lower", "max", "min", "round", "string"}
    | {"title", "trim", "upper"}
)


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


def check_texts(
    where: Where, rule: Rule, figures: Mapping[str, Figure]
) -> list[RulePackError]:
    """
    Check every text of *rule*; return every problem found.

    Every text must parse and name only known variables. A custom rule's
    texts must also keep to :data:`_SENTENCE` and render for the edge
    values of the signals the rule can see.
    """
    # Personal details are not known here: rule texts must read the same for
    # everyone in the same position, so the advisor can cache them.
    known = set(SIGNALS) | set(figures) | _TEXT_EXTRAS
    env = text_environment(sandboxed=rule.custom)
    problems, compiled = [], []
    for text in texts_of(rule):
        try:
            ast = env.parse(text)
            unknown = sorted(undeclared(ast) - known)
            if unknown:
                raise where.error(f"text {_quote(text)} uses unknown names {unknown}")
            if rule.custom:
                _check_sentence(where, text, ast)
            compiled.append((text, env.from_string(ast)))  # checks the filters
        except jinja2.TemplateSyntaxError as error:
            problems.append(where.error(f"text {_quote(text)}: {error.message}"))
        except RulePackError as error:
            problems.append(error)
    for condition in rule.when:
        if isinstance(condition.value, Expr):
            try:
                check_guarded(where, condition.value, rule.when)
            except RulePackError as error:
                problems.append(error)
    if rule.custom and not problems:
        problems += _check_edges(where, rule, figures, compiled)
    return problems


def texts_of(rule: Rule) -> list[str]:
    """
    Return every text of *rule*, its reason first.
    """
    texts = [rule.reason] + ([rule.outlook.why] if rule.outlook else [])
    for action in rule.actions:
        texts += [action.title, action.why, *action.checklist]
        texts += [action.per_concern] if action.per_concern else []
    return texts


def _quote(text: str) -> str:
    return repr(text) if len(text) <= 40 else f"{text[:40]!r}..."


def _check_sentence(where: Where, text: str, ast: nodes.Template) -> None:
    """
    Check that a custom rule text keeps to what a sentence needs.
    """
    # Private names first: they say the most about a text that uses them.
    for node in ast.find_all(nodes.Node):
        name = getattr(node, "attr", None) or getattr(node, "name", None)
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            name = node.arg.value
        if isinstance(name, str) and name.startswith("_"):
            raise where.error(f"text {_quote(text)} reads {name!r}, which is private")
    for node in ast.find_all(nodes.Node):
        if not isinstance(node, _SENTENCE):
            what = type(node).__name__
            raise where.error(
                f"text {_quote(text)} uses {what}; a custom rule text may use "
                "{{ }} expressions, filters and {% if %} only"
            )
        if isinstance(node, nodes.Filter) and node.name not in _FILTERS:
            raise where.error(
                f"text {_quote(text)} uses the filter {node.name!r}; a custom rule "
                f"text may use {', '.join(sorted(_FILTERS))}"
            )


def _check_edges(
    where: Where,
    rule: Rule,
    figures: Mapping[str, Figure],
    compiled: list[tuple[str, jinja2.Template]],
) -> list[RulePackError]:
    """
    Render each text for every edge situation the rule can fire in.
    """
    env = text_environment(sandboxed=True)
    problems = []
    # Worked out once for all the rule's texts: each renders in every one.
    shown = [
        {n: f.shown(business=b) for n, f in figures.items()} for b in (False, True)
    ]
    edges = [
        (label, {**shown[signals["business_days"]], **signals, "concern": "a concern"})
        for label, signals in _edges(rule, figures)
    ]
    for text, template in compiled:
        for label, variables in edges:
            try:
                template.make_module(base_variables(env, **variables), shared=True)
            except Exception as error:  # noqa: BLE001  # any failure is the text's
                what = getattr(error, "message", None) or str(error)
                problems.append(
                    where.error(
                        f"text {_quote(text)} fails when {label}: "
                        f"{type(error).__name__}: {what}"
                    )
                )
                break
    return problems


def _edges(
    rule: Rule, figures: Mapping[str, Figure]
) -> Iterator[tuple[str, dict[str, Any]]]:
    """
    Yield the edge situations in which *rule* fires, each with a label.

    One situation meets every condition; each other differs from it in one
    signal, set to an edge value: 0, the maximum, absent, or either side of
    a value the conditions name.
    """
    candidates = {name: _candidates(name, rule) for name in SIGNALS}
    base = {
        name: next(
            (v for v in values if _meets(rule, name, v)),
            values[0],
        )
        for name, values in candidates.items()
    }
    for business in (False, True):
        days = {name: f.in_days(business=business) for name, f in figures.items()}
        start = {**base, "business_days": business}
        if _holds(rule.when, start, days):
            yield "the signals are " + _show(start), start
        for name, values in candidates.items():
            for value in values:
                signals = {**start, name: value}
                if value != start[name] and _holds(rule.when, signals, days):
                    yield f"{name} is {value!r}", signals


def _candidates(name: str, rule: Rule) -> list[Any]:
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
        value + step
        for c in rule.when
        if c.field == name and type(c.value) is int
        for value in (c.value,)
        for step in (-1, 0, 1)
    ]
    values = [1, 0, top, *(v for v in near if 0 <= v <= top)]
    return list(dict.fromkeys(values + ([None] if spec.optional else [])))


def _meets(rule: Rule, name: str, value: Any) -> bool:
    """
    Tell whether *value* meets the conditions on signal *name* alone.
    """
    return _holds(
        tuple(
            c for c in rule.when if c.field == name and not isinstance(c.value, Expr)
        ),
        {name: value},
        {},
    )


def _holds(
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


def _show(signals: Mapping[str, Any]) -> str:
    return ", ".join(f"{name}={value!r}" for name, value in signals.items())


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
            together = rule is status_rule or (
                set(status_rule.needs) <= set(rule.needs)
                and rule.responses() & status_rule.responses()
            )
            kinds = {spec.kind for spec in rule.actions} & forbidden if together else ()
            problems += [
                rule.error(
                    f"recommends {kind.value!r}, which status "
                    f"{status.value!r} of rule {status_rule.id!r} "
                    "forbids (see the table of forbidden steps)"
                )
                for kind in sorted(kinds)
            ]
    return problems

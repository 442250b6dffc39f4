"""
Rule texts: they parse, name only known variables, and render.

A custom rule's texts use only what a sentence needs, and render for the
edge values of every signal they can see. Texts are compiled as advice
compiles them (by shape, see :mod:`._texts`), so a pack's first advice
reuses what checking it compiled.
"""

from __future__ import annotations

import functools
import types
from typing import TYPE_CHECKING, Any, Final

import jinja2
from jinja2 import nodes

from ._rules_check import check_guarded
from ._rules_edges import edges as rule_edges
from ._rules_model import Expr
from ._signals import SIGNALS
from ._templating import base_variables, text_environment
from ._texts import (
    WROTE_SEPARATOR,
    Texts,
    compile_texts,
    parse,
    tags_of,
    undeclared,
    words_only,
)
from .exceptions import RulePackError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._rules_model import Figure, Rule, Where

#: A text, its syntax tree and the names it reads.
_Parsed = tuple[str, nodes.Template, set[str]]

#: Names a rule's text may use besides the signals and the figures.
_TEXT_EXTRAS: Final = frozenset({"concern"})
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


def check_texts(
    where: Where, rule: Rule, figures: Mapping[str, Figure]
) -> list[RulePackError]:
    """
    Check every text of *rule*; return every problem found.

    Every text must parse and name only known variables. A custom rule's
    texts must also keep to :data:`_SENTENCE` and render for the edge
    values of the signals the rule can see. They are compiled as advice
    compiles them (see :func:`text_groups`).
    """
    groups, problems = _parsed(where, rule, set(figures))
    for condition in rule.when:
        if isinstance(condition.value, Expr):
            try:
                check_guarded(where, condition.value, rule.when)
            except RulePackError as error:
                problems.append(error)
    if problems:
        return problems
    compiled = []
    for group in groups:
        sources = [text for text, _, _ in group]
        try:
            texts = compile_texts([ast for _, ast, _ in group], sandboxed=rule.custom)
        except jinja2.TemplateError:
            # Which text: each alone, as it was written.
            problems += _failing(where, sources, sandboxed=rule.custom)
            continue
        names = set().union(*(names for _, _, names in group))
        compiled.append((sources, names, texts))
    if rule.custom and not problems:
        problems += _check_edges(where, rule, figures, compiled)
    return problems


def _parsed(
    where: Where, rule: Rule, figures: set[str]
) -> tuple[list[list[_Parsed]], list[RulePackError]]:
    """
    Return every text parsed, with the names it reads, by group; and the problems.
    """
    # Personal details are not known here: rule texts must read the same for
    # everyone in the same position, so the advisor can cache them.
    known = set(SIGNALS) | figures | _TEXT_EXTRAS
    problems: list[RulePackError] = []
    groups = []
    for sources in text_groups(rule):
        group: list[_Parsed] = []
        for text in sources:
            try:
                ast = parse(text, sandboxed=rule.custom)
                if words_only(ast) is not None:
                    group.append((text, ast, set()))
                    continue
                tags = tags_of(text)
                if tags is None:
                    names, unfit = _names_and_fit(ast, sandboxed=rule.custom)
                else:
                    names, unfit = _expressions_checked(tags, sandboxed=rule.custom)
            except jinja2.TemplateSyntaxError as error:
                problems.append(where.error(f"text {_quote(text)}: {error.message}"))
                continue
            unknown = sorted(names - known)
            if unknown:
                message = f"uses unknown names {unknown}"
                problems.append(where.error(f"text {_quote(text)} {message}"))
            elif unfit:
                problems.append(where.error(f"text {_quote(text)} {unfit}"))
            else:
                group.append((text, ast, set(names)))
        groups.append(group)
    return groups, problems


def text_groups(rule: Rule) -> list[list[str]]:
    """
    Return the texts of *rule* in the groups that advice renders together.

    First the reason, the outlook's why (or ""), then for each action its
    title, why and checklist items; then each per-concern text alone.
    """
    together = [rule.reason, rule.outlook.why if rule.outlook else ""]
    for action in rule.actions:
        together += [action.title, action.why, *action.checklist]
    concerns = [[a.per_concern] for a in rule.actions if a.per_concern]
    return [together, *concerns]


def _failing(
    where: Where, sources: list[str], *, sandboxed: bool
) -> list[RulePackError]:
    """
    Return a problem for each of *sources* that does not compile alone.
    """
    problems = []
    for text in sources:
        try:
            compile_texts([parse(text, sandboxed=sandboxed)], sandboxed=sandboxed)
        except jinja2.TemplateError as error:
            what = getattr(error, "message", None) or str(error)
            problems.append(where.error(f"text {_quote(text)}: {what}"))
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


@functools.lru_cache(maxsize=2048)
def _expressions_checked(
    tags: tuple[str, ...], *, sandboxed: bool
) -> tuple[frozenset[str], str | None]:
    """
    Return what :func:`_names_and_fit` says of a text of words and *tags*.

    Words read no names and fit any sentence, so the answer is the tags'
    alone, and the same for every text with those expressions.
    """
    return _names_and_fit(
        parse("".join(tags), sandboxed=sandboxed), sandboxed=sandboxed
    )


def _names_and_fit(
    ast: nodes.Template, *, sandboxed: bool
) -> tuple[frozenset[str], str | None]:
    """
    Return the names *ast* reads, and why it is no sentence (None if it is).

    Only a custom (sandboxed) rule's text must keep to what a sentence
    needs; the message says what it uses instead, after the quoted text.
    """
    names = frozenset(undeclared(ast))
    if not sandboxed:
        return names, None
    found = list(ast.find_all(nodes.Node))
    # Private names first: they say the most about a text that uses them.
    for node in found:
        name = getattr(node, "attr", None) or getattr(node, "name", None)
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            name = node.arg.value
        if isinstance(name, str) and name.startswith("_"):
            return names, f"reads {name!r}, which is private"
    for node in found:
        if not isinstance(node, _SENTENCE):
            what = type(node).__name__
            return names, (
                f"uses {what}; a custom rule text may use "
                "{{ }} expressions, filters and {% if %} only"
            )
        if isinstance(node, nodes.Filter) and node.name not in _FILTERS:
            return names, (
                f"uses the filter {node.name!r}; a custom rule "
                f"text may use {', '.join(sorted(_FILTERS))}"
            )
    return names, None


def _check_edges(
    where: Where,
    rule: Rule,
    figures: Mapping[str, Figure],
    compiled: list[tuple[list[str], set[str], Texts]],
) -> list[RulePackError]:
    """
    Render each group of texts for every edge situation the rule can fire in.

    Edges that differ only in signals a group's texts do not read render
    the same, so each group renders once per combination of the values it
    reads; the day count is always among them, as filters read it.
    """
    env = text_environment(sandboxed=True)
    base = [
        base_variables(env, **_shown(tuple(figures.items()), business=business))
        for business in (False, True)
    ]
    reads = {
        id(texts): sorted((names & set(SIGNALS)) | {"business_days"})
        for _, names, texts in compiled
    }
    edges = list(rule_edges(rule, figures, set().union(*reads.values())))
    problems = []
    for sources, _, texts in compiled:
        if _first_failure(texts, reads[id(texts)], edges, base) is None:
            continue
        # Which texts fail, and where: each alone, in every edge situation.
        for text in sources:
            alone = compile_texts([parse(text, sandboxed=True)], sandboxed=True)
            names = undeclared(parse(text, sandboxed=True))
            read = sorted((names & set(SIGNALS)) | {"business_days"})
            failure = _first_failure(alone, read, edges, base)
            if failure is not None:
                label, what = failure
                message = f"text {_quote(text)} fails when {label}: {what}"
                problems.append(where.error(message))
    return problems


def _first_failure(
    texts: Texts,
    read: list[str],
    edges: list[tuple[str, dict[str, Any]]],
    base: list[dict[str, Any]],
) -> tuple[str, str] | None:
    """
    Return the first edge where *texts* fail, and how; None if they never do.

    Edges with the same values of the signals in *read* render alike, so
    each such combination renders once.
    """
    if texts.shape is None:
        return None
    done: set[tuple[Any, ...]] = set()
    for label, signals in edges:
        key = tuple(signals[name] for name in read)
        if key in done:
            continue
        done.add(key)
        variables = {
            **base[signals["business_days"]],
            **signals,
            "concern": "a concern",
            **texts.words,
        }
        try:
            written = str(texts.shape.make_module(variables, shared=True))
        except Exception as error:  # noqa: BLE001  # any failure is the text's
            what = getattr(error, "message", None) or str(error)
            return label, f"{type(error).__name__}: {what}"
        if texts.split(written) is None:
            return label, f"it {WROTE_SEPARATOR}"
    return None


@functools.lru_cache(maxsize=16)
def _shown(
    figures: tuple[tuple[str, Figure], ...], *, business: bool
) -> Mapping[str, int]:
    """
    Return *figures* as rule texts quote them.
    """
    # Cached and shared by every rule of a pack: read-only.
    return types.MappingProxyType(
        {name: figure.shown(business=business) for name, figure in figures}
    )

"""
Pack validation: what reading one table cannot check.

Rule texts parse and name only known variables, optional signals are
guarded, needed facts are derived earlier, and every status is reachable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import jinja2
import jinja2.meta

from ._enums import Status
from ._rules_model import Expr
from ._signals import SIGNALS
from ._templating import text_environment
from .exceptions import RulePackError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._rules_model import Condition, Figure, Rule, RulePack, Where

#: Names a rule's text may use besides the signals and the figures.
_TEXT_EXTRAS: Final = frozenset({"concern"})


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


def check_texts(where: Where, rule: Rule, figures: Mapping[str, Figure]) -> None:
    """
    Check that every text of *rule* parses and names only known variables.
    """
    # Personal details are not known here: rule texts must read the same for
    # everyone in the same position, so the advisor can cache them.
    known = set(SIGNALS) | set(figures) | _TEXT_EXTRAS
    texts = [rule.reason] + ([rule.outlook.why] if rule.outlook else [])
    for action in rule.actions:
        texts += [action.title, action.why, *action.checklist]
        texts += [action.per_concern] if action.per_concern else []
    for text in texts:
        try:
            env = text_environment()
            names = jinja2.meta.find_undeclared_variables(env.parse(text))
            env.from_string(text)  # compiling also checks the filters
        except jinja2.TemplateSyntaxError as error:
            raise where.error(f"text {text[:40]!r}...: {error.message}") from None
        unknown = sorted(names - known)
        if unknown:
            raise where.error(f"text uses unknown names {unknown}")
    for condition in rule.when:
        if isinstance(condition.value, Expr):
            check_guarded(where, condition.value, rule.when)


def check_pack(pack: RulePack) -> list[RulePackError]:
    """
    Check what no single rule shows: chaining order and reachability.
    """
    problems = _check_chaining(pack.rules)
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
            problems.append(
                RulePackError(message, file=rule.file, rule_id=rule.id, line=rule.line)
            )
    return problems

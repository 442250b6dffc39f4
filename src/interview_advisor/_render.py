"""
Rendering: from the rules that fired to the advice a person reads.

Rule texts see only the signals and the figures; personal details (names,
company, concerns) reach only the templates and the per-concern items. No
value from a situation is ever compiled as template code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import attrs
import jinja2

from ._advice import Action, Advice, Draft, Outlook, Reason
from ._text import environment
from .exceptions import RulePackError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from pathlib import Path

    from ._rulepack import ActionSpec, Rule, RulePack
    from ._situation import Situation

#: What a draft shows where a personal detail was not given.
PLACEHOLDERS: Final = {
    "candidate_name": "[Your Name]",
    "company": "[Company Name]",
    "job_title": "[Job Title]",
    "recruiter_name": "[Recruiter's Name]",
    "discussed_topic": "[something specific you discussed]",
    "interviewer_name": "[Interviewer's Name]",
}


class Renderer:
    """
    Turns fired rules into :class:`Advice` with one template set.

    Args:
        pack: The rule pack whose texts are rendered.
        folders: Template folders, first match wins.
    """

    def __init__(self, pack: RulePack, folders: list[Path]) -> None:
        self._env = environment(folders)
        self._strings = environment()
        self._compiled: dict[str, jinja2.Template] = {}
        self._figures = {name: figure.value for name, figure in pack.figures.items()}

    def advice(
        self, situation: Situation, signals: Mapping[str, Any], fired: Iterable[Rule]
    ) -> Advice:
        """
        Return the advice for *situation* given the rules that *fired*.

        Raises:
            RulePackError: The rules concluded no status or outlook, or a
                template failed.
        """
        rules = tuple(fired)
        context = {**signals, **self._figures}
        try:
            actions = self._actions(situation, rules, context)
            advice = Advice(
                status=_single(rules, "status"),
                outlook=self._outlook(rules, context),
                actions=actions,
                reasons=tuple(
                    Reason(rule.id, self._text(rule.reason, context)) for rule in rules
                ),
                text="",
            )
            text = self._env.get_template("advice.md.j2").render(
                advice=advice, **_personal(situation)
            )
        except jinja2.TemplateError as error:
            raise RulePackError(f"a template failed: {_describe(error)}") from None
        return attrs.evolve(advice, text=text.strip() + "\n")

    def _text(self, source: str, context: Mapping[str, Any]) -> str:
        template = self._compiled.get(source)
        if template is None:
            template = self._compiled.setdefault(
                source, self._strings.from_string(source)
            )
        return template.render(context).strip()

    def _outlook(self, rules: tuple[Rule, ...], context: Mapping[str, Any]) -> Outlook:
        spec = _single(rules, "outlook")
        return Outlook(spec.odds, self._text(spec.why, context))

    def _actions(
        self, situation: Situation, rules: tuple[Rule, ...], context: Mapping[str, Any]
    ) -> tuple[Action, ...]:
        """
        Return the steps of every fired rule, one per kind, most urgent first.

        Steps of one kind from several rules merge: the first rule to fire
        gives the title, text and draft; the earliest due day wins; the
        checklists are joined in firing order.
        """
        merged: dict[str, Action] = {}
        for rule in rules:
            for spec in rule.actions:
                action = self._action(situation, spec, context)
                merged[spec.kind] = (
                    _merge(merged[spec.kind], action) if spec.kind in merged else action
                )
        order = {kind: index for index, kind in enumerate(merged)}
        return tuple(
            sorted(merged.values(), key=lambda a: (_urgency(a), order[a.kind]))
        )

    def _action(
        self, situation: Situation, spec: ActionSpec, context: Mapping[str, Any]
    ) -> Action:
        checklist = [self._text(item, context) for item in spec.checklist]
        if spec.per_concern:
            checklist += [
                self._text(spec.per_concern, {**context, "concern": concern})
                for concern in situation.concerns_from_last_interview
            ]
        due = None if spec.due is None else max(0, spec.due.value(context))
        return Action(
            kind=spec.kind,
            due_in_days=due,
            title=self._text(spec.title, context),
            why=self._text(spec.why, context),
            drafts=self._drafts(situation, spec.draft, context) if spec.draft else (),
            checklist=tuple(checklist),
        )

    def _drafts(
        self, situation: Situation, name: str, context: Mapping[str, Any]
    ) -> tuple[Draft, ...]:
        """
        Render draft *name* once per recipient.
        """
        template = self._env.get_template(f"drafts/{name}.txt.j2")
        personal = _personal(situation)
        return tuple(
            _parse_draft(name, to, template.render(**context, **personal, recipient=to))
            for to in _recipients(situation, name)
        )


def _single(rules: tuple[Rule, ...], conclusion: str) -> Any:
    """
    Return the one *conclusion* (status or outlook) the fired rules reached.
    """
    found = [getattr(r, conclusion) for r in rules if getattr(r, conclusion)]
    if len(found) != 1:
        ids = [rule.id for rule in rules]
        raise RulePackError(
            f"the rules concluded {len(found)} {conclusion}(es) instead of one; "
            f"rules fired: {ids}"
        )
    return found[0]


def _merge(first: Action, later: Action) -> Action:
    dues = [d for d in (first.due_in_days, later.due_in_days) if d is not None]
    return Action(
        kind=first.kind,
        due_in_days=min(dues) if dues else None,
        title=first.title,
        why=first.why,
        drafts=first.drafts or later.drafts,
        checklist=first.checklist + later.checklist,
    )


def _urgency(action: Action) -> tuple[bool, int]:
    """
    Order steps with a day first, soonest first.
    """
    due = action.due_in_days
    return (due is None, 0 if due is None else due)


def _personal(situation: Situation) -> dict[str, Any]:
    """
    Return the personal details of *situation*, with placeholders for gaps.
    """
    details = {
        name: getattr(situation, name) or placeholder
        for name, placeholder in PLACEHOLDERS.items()
        if name != "interviewer_name"
    }
    return {
        **details,
        "interviewer_names": situation.interviewer_names,
        "concerns": situation.concerns_from_last_interview,
        "known": {name: getattr(situation, name) is not None for name in details},
    }


def _recipients(situation: Situation, draft: str) -> tuple[str, ...]:
    """
    Return who receives draft *draft*.

    A thank-you goes to each interviewer; anything else to the recruiter, or
    the only interviewer, or a placeholder.
    """
    names = situation.interviewer_names
    if draft == "thank_you":
        return names or (PLACEHOLDERS["interviewer_name"],)
    if situation.recruiter_name:
        return (situation.recruiter_name,)
    if len(names) == 1:
        return names
    return (PLACEHOLDERS["recruiter_name"],)


def _parse_draft(name: str, to: str, text: str) -> Draft:
    """
    Split a rendered draft into its ``Subject:`` line and its body.
    """
    first, _, body = text.strip().partition("\n")
    if not first.startswith("Subject:"):
        raise RulePackError(
            "a draft must start with a 'Subject:' line",
            file=f"drafts/{name}.txt.j2",
        )
    return Draft(
        to=to, subject=first.removeprefix("Subject:").strip(), body=body.strip()
    )


def _describe(error: jinja2.TemplateError) -> str:
    name = getattr(error, "name", None) or getattr(error, "filename", None)
    line = getattr(error, "lineno", None)
    where = ":".join(str(p) for p in (name, line) if p)
    return f"{where}: {error.message}" if where else str(error.message)

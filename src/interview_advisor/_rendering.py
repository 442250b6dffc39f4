"""
Rendering: the texts of the fired rules, then the advice a person reads.

It happens in two steps. :meth:`Renderer.conclude` turns the fired rules
into :class:`Conclusions`: the status, the outlook, the reasons and the steps
with their texts. They depend only on the signals, so the advisor caches
them. :meth:`Renderer.advice` then adds what is personal: drafts in the
person's names, per-concern checklist items, and the Markdown text. No value
from a situation is ever compiled as template code, and the Markdown text
escapes every one (but for the drafts, shown as code).

A custom pack's texts and custom templates run in Jinja's sandbox; the
packaged ones, which ship with the package, run without it.
"""

from __future__ import annotations

import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._conclusions import PHASES, Conclusions, Step, single, steps
from ._daycount import CALENDAR_DAYS
from ._enums import Tone
from ._markdown import Markdown, escape_markdown
from ._output_advice import Action, Advice, Draft, Outlook, Reason
from ._output_plan import application_of
from ._paths import data_folder
from ._rendering_personal import addressed, counted, parse_draft, personal, recipients
from ._rules_texts import text_groups
from ._templating import TemplateSet, base_variables, render
from ._texts import Texts, compile_texts, parse
from .exceptions import RulePackError

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable, Mapping

    import jinja2

    from ._input_situation import Situation
    from ._output_advice import Origin
    from ._rules_model import Rule, RulePack


class Renderer:
    """
    Turns fired rules into :class:`Advice` with one template set.

    Args:
        pack: The rule pack whose texts are rendered.
        folders: Template folders, first match wins; any but the packaged
            folder are custom, and their templates run sandboxed.
        tone: How the drafts sound.
        markdown_escape: Escape the situation's texts in the Markdown text.
    """

    def __init__(
        self,
        pack: RulePack,
        folders: list[Path],
        *,
        tone: Tone = Tone.FORMAL,
        markdown_escape: bool = True,
    ) -> None:
        self._templates = TemplateSet(folders, Path(data_folder("templates")))
        self._markdown = markdown_escape
        self._placeholders = dict(pack.placeholders)
        # A rule's texts render in one go, compiled on first use (by shape:
        # see _texts), as are per-concern texts, by their source.
        self._compiled: dict[tuple[str, str], Texts] = {}
        # Both environments have the same globals: the builtin ones. Each
        # day count (calendar or business) quotes the figures its own way.
        self._base = {
            business: base_variables(
                self._templates.plain,
                tone=str(tone),
                **pack.figures_shown(business=business),
            )
            for business in (False, True)
        }
        # A per-concern text fails in the name of the rule that wrote it.
        self._writers = {
            spec.per_concern: rule
            for rule in reversed(pack.rules)
            for spec in rule.actions
            if spec.per_concern
        }
        self._figure_days = {
            business: pack.figure_days(business=business) for business in (False, True)
        }
        # Every template is checked now: a missing or broken one fails when
        # the advisor is made, not in the middle of someone's advice. The
        # packaged drafts ship checked, and compile when first used.
        drafts = {
            spec.draft: rule
            for rule in reversed(pack.rules)
            for spec in rule.actions
            if spec.draft
        }
        load = self._templates.load
        self._advice_template = load("advice.md.j2", markdown=markdown_escape)
        # The rule that first names each draft, for the errors that name it.
        self._draft_rules = {
            name: (rule.file, rule.id, rule.line) for name, rule in drafts.items()
        }
        self._draft_templates: dict[str, jinja2.Template | None] = {
            name: self._templates.check(f"drafts/{name}.txt.j2", rule=where)
            for name, where in self._draft_rules.items()
        }

    def conclude(
        self, signals: Mapping[str, Any], fired: Iterable[Rule]
    ) -> Conclusions:
        """
        Return what the fired rules conclude, with their texts rendered.

        Raises:
            RulePackError: The rules concluded no status or outlook, or
                several, or a text failed to render.
        """
        rules = tuple(fired)
        business = bool(signals["business_days"])
        context = {**self._base[business], **counted(signals)}
        _, status = single(rules, "status")
        outlook_rule, outlook = single(rules, "outlook")
        # Rendered here, once per position: the advisor caches conclusions.
        texts = {rule.id: self._texts(rule, context) for rule in rules}
        return Conclusions(
            status=status,
            outlook=Outlook(outlook.odds, texts[outlook_rule.id][1]),
            steps=steps(rules, texts, context, self._figure_days),
            reasons=tuple(Reason(rule.id, texts[rule.id][0]) for rule in rules),
            signals=dict(signals),
        )

    def advice(
        self,
        situation: Situation,
        conclusions: Conclusions,
        origin: Origin | None = None,
    ) -> Advice:
        """
        Return the advice for *situation*: the conclusions made personal.

        *origin* is what the advice keeps to explain itself later.

        Raises:
            RulePackError: A template failed.
        """
        # One dictionary serves every render of this call: the globals and
        # figures, the signals and the personal details. A concern's items
        # add to it; a draft reads a copy with its recipient added.
        business = bool(conclusions.signals["business_days"])
        variables = {
            **self._base[business],
            **counted(conclusions.signals),
            **personal(situation, self._placeholders),
            # A draft can tell whether an earlier step writes first.
            "planned": tuple(str(step.kind) for step in conclusions.steps),
        }
        # In the plan's order again once dated: a step of business days due
        # "today" on a holiday falls after a thank-you due on the day itself.
        actions = tuple(
            sorted(
                (
                    self._action(situation, step, variables)
                    for step in conclusions.steps
                ),
                key=lambda action: (
                    PHASES.index(action.phase),
                    action.due_in_days or 0,
                ),
            )
        )
        # The template sees the advice as it will be, but for its text.
        view = types.SimpleNamespace(
            status=conclusions.status,
            outlook=conclusions.outlook,
            actions=actions,
            reasons=conclusions.reasons,
        )
        if self._markdown:
            view = self._markdown_view(situation, conclusions, actions, variables)
        variables["advice"] = view
        text = render(self._advice_template, variables)
        return Advice(
            status=conclusions.status,
            outlook=conclusions.outlook,
            actions=actions,
            reasons=conclusions.reasons,
            text=text.strip() + "\n",
            today=situation.today,
            application=application_of(situation.company, situation.job_title),
            origin=origin,
        )

    def _texts(self, rule: Rule, context: dict[str, Any]) -> list[str]:
        """
        Render every text of *rule* in one go.

        Returns:
            The reason, the outlook's why (or ""), then for each action its
            title, why and checklist items.
        """
        texts = self._compiled.get(("rule", rule.id))
        if texts is None:
            texts = self._compile(("rule", rule.id), text_groups(rule)[0], rule)
        where = (rule.file, rule.id, rule.line)
        return [text.strip() for text in texts.render(context, rule=where)]

    def _concern(self, source: str, context: dict[str, Any]) -> str:
        """
        Render the per-concern text *source* for one concern in *context*.
        """
        rule = self._writers[source]
        texts = self._compiled.get(("concern", source))
        if texts is None:
            texts = self._compile(("concern", source), [source], rule)
        (text,) = texts.render(context, rule=(rule.file, rule.id, rule.line))
        return text.strip()

    def _compile(self, key: tuple[str, str], sources: list[str], rule: Rule) -> Texts:
        """
        Compile *sources*, the texts of *rule*, and keep them under *key*.

        Raises:
            RulePackError: A text does not compile, naming the rule.
        """
        try:
            trees = [parse(source, sandboxed=rule.custom) for source in sources]
            texts = compile_texts(trees, sandboxed=rule.custom)
        except Exception as error:  # noqa: BLE001  # any failure is the text's
            what = getattr(error, "message", None) or str(error)
            raise RulePackError(
                f"a rule text failed: {type(error).__name__}: {what}",
                file=rule.file,
                rule_id=rule.id,
                line=rule.line,
            ) from None
        return self._compiled.setdefault(key, texts)

    def _markdown_view(
        self,
        situation: Situation,
        conclusions: Conclusions,
        actions: tuple[Action, ...],
        variables: dict[str, Any],
    ) -> types.SimpleNamespace:
        """
        Return the advice as the Markdown template sees it when escaping.

        The rules' texts are Markdown, shown as written; per-concern items
        are rendered again with the concern escaped; every other value is
        escaped as the template shows it.
        """
        outlook = conclusions.outlook
        shown = tuple(
            Action(
                kind=action.kind,
                due_in_days=action.due_in_days,
                drafts=action.drafts,
                due=action.due,
                phase=action.phase,
                title=Markdown(action.title),
                why=Markdown(action.why),
                checklist=tuple(
                    map(
                        Markdown,
                        self._checklist(situation, step, variables, escape=True),
                    )
                ),
            )
            for action, step in zip(actions, conclusions.steps, strict=True)
        )
        return types.SimpleNamespace(
            status=conclusions.status,
            outlook=Outlook(outlook.odds, Markdown(outlook.why)),
            actions=shown,
            reasons=tuple(
                Reason(Markdown(r.rule_id), Markdown(r.text))
                for r in conclusions.reasons
            ),
        )

    def _checklist(
        self,
        situation: Situation,
        step: Step,
        variables: dict[str, Any],
        *,
        escape: bool = False,
    ) -> tuple[str, ...]:
        """
        Return the checklist of *step*, with an item per concern where asked.
        """
        concerns = situation.concerns_from_last_interview
        if not (step.per_concern and concerns):
            return step.checklist
        if escape:
            concerns = tuple(escape_markdown(concern) for concern in concerns)
        items = list(step.checklist)
        # From the last place back, so the earlier places stay where they were.
        for at, source in reversed(step.per_concern):
            items[at:at] = [
                self._concern(source, {**variables, "concern": concern})
                for concern in concerns
            ]
        return tuple(items)

    def _action(
        self, situation: Situation, step: Step, variables: dict[str, Any]
    ) -> Action:
        checklist = self._checklist(situation, step, variables)
        drafts = self._drafts(situation, step, variables) if step.draft else ()
        due_in_days, due = _due(situation, step)
        return Action(
            kind=step.kind,
            due_in_days=due_in_days,
            title=step.title,
            why=step.why,
            drafts=drafts,
            checklist=checklist,
            due=due,
            phase=step.phase,
        )

    def _drafts(
        self, situation: Situation, step: Step, variables: dict[str, Any]
    ) -> tuple[Draft, ...]:
        """
        Render the draft of *step* once per recipient.

        Each copy knows its recipient, and the day counts the step gives it.
        """
        name = str(step.draft)
        template = self._draft_templates[name]
        if template is None:
            where = self._draft_rules[name]
            template = self._templates.load(f"drafts/{name}.txt.j2", rule=where)
            self._draft_templates[name] = template
        placeholders = self._placeholders
        context = {**variables, **dict(step.draft_values)}
        drafts = []
        for person, given in recipients(situation, step.to, placeholders):
            names = addressed(person, context["discussed_topic"], given=given)
            text = render(template, {**context, **names})
            drafts.append(parse_draft(name, person.name, text))
        return tuple(drafts)


def _due(situation: Situation, step: Step) -> tuple[int | None, datetime.date | None]:
    """
    Return when *step* is due, in calendar days from today and as a date.

    A dated situation counts a step's days in business days: the date is
    that many business days after today (today itself, if it is one), and
    the day count is the calendar days until then. A step counted in
    calendar days, as a thank-you note is, falls on any day.
    """
    today, due_in_days = situation.today, step.due_in_days
    if today is None or due_in_days is None:
        return due_in_days, None
    count = CALENDAR_DAYS if step.calendar else situation.day_count
    due = count.due(today, due_in_days)
    return (due - today).days, due

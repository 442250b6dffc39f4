"""
Conclusions: what the fired rules conclude, merged into one step per kind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import attrs

from ._enums import Phase
from .exceptions import RulePackError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._enums import ActionKind, Status
    from ._output_advice import Outlook, Reason
    from ._rules_model import Rule


@attrs.frozen
class Step:
    """
    A step as the rules concluded it, before anything personal is added.

    Attributes:
        kind: What to do.
        due_in_days: On which day, or None.
        title: The rendered title.
        why: The rendered reason for the step.
        checklist: The rendered checklist items.
        per_concern: Item sources to render once per concern, each with
            the number of checklist items its items follow, so they stay
            beside the items of the rule that gave them.
        draft: The draft template's name, if the step is writing an email.
        calendar: Whether the day is counted in calendar days even in dated
            advice, as windows given in hours are.
        to: Who receives the draft, in order of preference.
        draft_values: The day counts the draft quotes, by name.
    """

    kind: ActionKind
    due_in_days: int | None
    title: str
    why: str
    checklist: tuple[str, ...]
    per_concern: tuple[tuple[int, str], ...]
    draft: str | None
    calendar: bool = False
    to: tuple[str, ...] = ()
    draft_values: tuple[tuple[str, int], ...] = ()

    @property
    def phase(self) -> Phase:
        """
        When the step applies: now, ongoing, or later if nothing changes.
        """
        return Phase.of(self.due_in_days)


@attrs.frozen
class Conclusions:
    """
    Everything the advice says that depends only on the signals.

    Attributes:
        status: The one status concluded.
        outlook: The one outlook concluded.
        steps: One per kind of action: those due now, then the ongoing
            ones, then the later checkpoints by day.
        reasons: One per fired rule, in firing order.
        signals: The signals, for rendering the personal part.
    """

    status: Status
    outlook: Outlook
    steps: tuple[Step, ...]
    reasons: tuple[Reason, ...]
    signals: dict[str, Any]


def single(rules: tuple[Rule, ...], conclusion: str) -> tuple[Rule, Any]:
    """
    Return the one rule that concluded *conclusion*, and what it concluded.

    *conclusion* is ``"status"`` or ``"outlook"``.
    """
    found = [rule for rule in rules if getattr(rule, conclusion) is not None]
    # The slot facts allow one; more or none means a broken custom pack.
    if len(found) != 1:
        ids = [rule.id for rule in rules]
        raise RulePackError(
            f"the rules concluded {len(found)} {conclusion} values instead of one; "
            f"rules fired: {ids}"
        )
    return found[0], getattr(found[0], conclusion)


def steps(
    rules: tuple[Rule, ...],
    texts: Mapping[str, list[str]],
    signals: Mapping[str, Any],
    figure_days: Mapping[bool, Mapping[str, int]],
) -> tuple[Step, ...]:
    """
    Return the steps of every fired rule, one per kind, in plan order.

    *figure_days* gives the figures in calendar days (False) and in
    business days (True); a step counted in calendar days reads the first.

    Steps of one kind from several rules merge (see :func:`merge`): the
    first rule to fire gives the title and draft, later rules add their
    texts, the earliest due day wins.
    """
    # dicts keep insertion order: the first rule of a kind keeps its place.
    merged: dict[ActionKind, Step] = {}
    for rule in rules:
        rendered = texts[rule.id]
        # The texts come flat, in the order of Renderer._texts.
        start = 2  # after the reason and the outlook
        for spec in rule.actions:
            end = start + 2 + len(spec.checklist)
            calendar = spec.counted_in == "calendar_days"
            days = figure_days[bool(signals["business_days"]) and not calendar]
            step = Step(
                kind=spec.kind,
                due_in_days=None
                if spec.due is None
                else max(0, spec.due.value(signals, days)),
                title=rendered[start],
                why=rendered[start + 1],
                checklist=tuple(rendered[start + 2 : end]),
                per_concern=((len(spec.checklist), spec.per_concern),)
                if spec.per_concern
                else (),
                draft=spec.draft,
                calendar=calendar,
                to=spec.to if spec.draft else (),
                draft_values=tuple(
                    (name, expr.value(signals, days))
                    for name, expr in spec.draft_values
                ),
            )
            start = end
            earlier = merged.get(spec.kind)
            merged[spec.kind] = step if earlier is None else merge(earlier, step)
    # sorted() is stable: steps due the same day keep their firing order.
    return tuple(sorted(merged.values(), key=plan_order))


def merge(first: Step, later: Step) -> Step:
    """
    Return the step *first* becomes when a later rule adds *later* to it.

    The first rule's title leads; a later rule's different title joins the
    checklist, ahead of its items, and its different why is added to the
    why as a further sentence, so what every rule says is shown. The later
    rule's per-concern items follow its own checklist items, and its draft
    values replace the earlier ones of the same name.
    """
    dues = [d for d in (first.due_in_days, later.due_in_days) if d is not None]
    title = () if later.title == first.title else (later.title,)
    offset = len(first.checklist) + len(title)
    why = first.why if later.why in first.why else f"{first.why} {later.why}"
    return attrs.evolve(
        first,
        due_in_days=min(dues) if dues else None,
        why=why,
        checklist=first.checklist + title + later.checklist,
        per_concern=first.per_concern
        + tuple((offset + at, source) for at, source in later.per_concern),
        draft=first.draft or later.draft,
        calendar=first.calendar and later.calendar,
        to=first.to if first.draft else later.to,
        # A later rule's value of a name replaces the earlier one's.
        draft_values=tuple(
            {**dict(first.draft_values), **dict(later.draft_values)}.items()
        ),
    )


#: The order of the phases in a plan.
PHASES: Final = (Phase.NOW, Phase.ONGOING, Phase.LATER)


def plan_order(step: Step) -> tuple[int, int]:
    """
    Order steps due now first, then ongoing ones, then later ones by day.
    """
    return (PHASES.index(step.phase), step.due_in_days or 0)

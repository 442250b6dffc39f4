"""
The answers to "why?", "why not?", "what lies ahead?" and "what to ask next?".
"""

from __future__ import annotations

import datetime  # noqa: TC003  # the schema resolves the annotations at run time
from typing import Any

import attrs

from ._enums import ActionKind, Status, plain
from ._rules_explain import ConditionShown  # noqa: TC001  # as datetime above


class _Plain:
    """
    The ``to_dict`` of the answers: JSON-ready, enums and dates as strings.
    """

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """
        Return this answer as plain JSON-ready data.
        """
        return attrs.asdict(self, value_serializer=plain)  # type: ignore[arg-type]


@attrs.frozen
class RuleExplained(_Plain):
    """
    One rule that fired, with the conditions that made it fire.

    Attributes:
        rule_id: The rule's id in the pack.
        reason: What the rule concluded, as the advice's reasons say it.
        concludes: What it concluded: a derived fact, a status, an outlook
            or steps, in words.
        conditions: Every condition of the rule, with the values that met it.
        needs: The facts derived by earlier rules that it needed.
    """

    rule_id: str
    reason: str
    concludes: str
    conditions: tuple[ConditionShown, ...]
    needs: tuple[str, ...] = ()


@attrs.frozen
class Explanation(_Plain):
    """
    Why the advice says what it says: every rule that fired, and why.

    Attributes:
        status: The status of the advice.
        rules: Every rule that fired, in firing order.
    """

    status: Status
    rules: tuple[RuleExplained, ...]

    def __str__(self) -> str:
        """
        Return the explanation as text: each rule, then its conditions.
        """
        lines = []
        for rule in self.rules:
            lines.append(f"{rule.rule_id}: {rule.concludes}, because")
            lines += [f"  - {shown.text}" for shown in rule.conditions]
            lines += [
                f"  - an earlier rule found {need.replace('_', ' ')}"
                for need in rule.needs
            ]
            used = {f.name: f for shown in rule.conditions for f in shown.figures}
            lines += [
                f"  {name.replace('_', ' ')}: {f.value} {f.unit.replace('_', ' ')}, "
                f"from {f.source}"
                for name, f in used.items()
            ]
        return "\n".join(lines)


@attrs.frozen
class NearMiss(_Plain):
    """
    A rule that would have given what was asked about, and what it missed.

    Attributes:
        rule_id: The rule's id in the pack.
        concludes: What it would have concluded, in words.
        missed: Every condition it missed, first the first in the pack; each
            says the value that would meet it.
        blocked_by: The rule that fired first and took its place, if any:
            only one rule concludes the status and one the outlook.
        text: The first thing it missed, in words.
    """

    rule_id: str
    concludes: str
    missed: tuple[ConditionShown, ...]
    blocked_by: str | None
    text: str


@attrs.frozen
class WhyNot(_Plain):
    """
    Why the advice does not give a status, a step, or a rule.

    Attributes:
        target: The status, step kind or rule id asked about.
        holds: Whether the advice gives it after all.
        nearest: The rules that would give it, fewest misses first.
    """

    target: str
    holds: bool
    nearest: tuple[NearMiss, ...]

    def __str__(self) -> str:
        """
        Return the answer as text, one line per rule.
        """
        if self.holds:
            return f"The advice gives {self.target.replace('_', ' ')} already."
        if not self.nearest:
            return f"No rule of the pack gives {self.target.replace('_', ' ')}."
        return "\n".join(f"{miss.rule_id}: {miss.text}" for miss in self.nearest)


@attrs.frozen
class FieldChange(_Plain):
    """
    One field of the situation, before and after a change.

    Attributes:
        field: The field's name.
        before: Its value before (None if not given).
        after: Its value after.
    """

    field: str
    before: str | int | bool | None
    after: str | int | bool | None


@attrs.frozen
class StepMove(_Plain):
    """
    A step that both advices give, due on another day.

    Attributes:
        kind: What to do.
        before: Its day before, counted from today (None: no particular day).
        after: Its day after.
    """

    kind: ActionKind
    before: int | None
    after: int | None


@attrs.frozen
class Moment(_Plain):
    """
    A day ahead on which, if nothing happens, the advice changes.

    Attributes:
        in_days: How many days from today.
        date: The date, when the situation is dated.
        status: The new status, if it changes that day.
        due: The steps that fall due that day.
        text: What happens, in words.
    """

    in_days: int
    date: datetime.date | None
    status: Status | None
    due: tuple[ActionKind, ...]
    text: str


@attrs.frozen
class Ahead(_Plain):
    """
    What changes in the days ahead if nothing happens: no reply, no step.

    Attributes:
        days: How many days ahead were looked at.
        until: The last date looked at, when the situation is dated.
        moments: The days on which the status or the steps due change.
    """

    days: int
    until: datetime.date | None
    moments: tuple[Moment, ...]

    def __str__(self) -> str:
        """
        Return the moments as text, one a line.
        """
        if not self.moments:
            return f"Nothing changes in the next {self.days} days if nothing happens."
        return "\n".join(moment.text for moment in self.moments)


@attrs.frozen
class Question(_Plain):
    """
    A field not given whose answer would change the advice.

    Attributes:
        field: The field of the situation to ask about.
        question: The question, in plain words.
        answers: The answers that change the status or the steps due now.
        changes: How many distinct advices the answers lead to.
    """

    field: str
    question: str
    answers: tuple[str, ...]
    changes: int


@attrs.frozen
class Questions(_Plain):
    """
    What to ask next: the unknown fields that matter, most decisive first.

    Attributes:
        questions: One per field whose answer would change the advice.
    """

    questions: tuple[Question, ...]

    def __str__(self) -> str:
        """
        Return the questions, one a line.
        """
        return "\n".join(question.question for question in self.questions)

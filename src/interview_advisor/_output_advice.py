"""
The output model: the advice for one situation, its steps and drafts.
"""

from __future__ import annotations

import datetime  # noqa: TC003  # advice_schema resolves the annotations at run time
from typing import Any, Protocol

import attrs

from ._enums import ActionKind, Odds, Phase, Status
from ._output_explain import (  # noqa: TC001  # as datetime above
    Ahead,
    Explanation,
    FieldChange,
    Questions,
    StepMove,
    WhyNot,
)
from ._output_plan import Plan, PlannedStep, undated
from ._wording import plural, when
from .exceptions import NoOriginError


class Origin(Protocol):
    """
    Where an advice comes from: its situation and the advisor that gave it.

    The advisor's side (``_explain.Origin``) answers the questions asked of
    an advice, from its rule pack; this module needs only its shape.
    """

    def explain(self, advice: Advice) -> Explanation: ...

    def why_not(self, advice: Advice, target: str) -> WhyNot: ...

    def what_if(self, advice: Advice, changes: dict[str, Any]) -> WhatIf: ...

    def ahead(
        self, advice: Advice, days: int, until: datetime.date | str | None
    ) -> Ahead: ...

    def questions(self, advice: Advice) -> Questions: ...


@attrs.frozen
class Draft:
    """
    One email ready to send.

    Attributes:
        to: Who it is addressed to (a placeholder if unknown).
        subject: The subject line.
        body: The message, greeting to signature.
    """

    to: str
    subject: str
    body: str

    def __str__(self) -> str:
        """
        Return the email as text: recipient, subject, a blank line, the body.
        """
        return f"To: {self.to}\nSubject: {self.subject}\n\n{self.body}"


@attrs.frozen
class Action:
    """
    One recommended step.

    Attributes:
        kind: What to do.
        due_in_days: On which day to do it, counted from today (0 = today);
            None when it has no particular day.
        title: A short imperative heading.
        why: Why this step, and why then.
        drafts: The emails to send for this step, one per recipient.
        checklist: What to go through, such as what to prepare.
        due: The date to do it, when the situation is dated: a business day,
            but for steps whose window is counted in hours or calendar days
            (a thank-you note).
        phase: ``now`` (due today or overdue), ``ongoing`` (no particular
            day) or ``later`` (a checkpoint that applies only if nothing
            changes by then). Advice lists now, then ongoing, then later
            steps by date.

    .. versionadded:: 0.2
       *phase*.
    """

    kind: ActionKind
    due_in_days: int | None
    title: str
    why: str
    drafts: tuple[Draft, ...] = ()
    checklist: tuple[str, ...] = ()
    due: datetime.date | None = None
    phase: Phase = attrs.field(
        default=attrs.Factory(
            lambda action: Phase.of(action.due_in_days), takes_self=True
        )
    )

    @property
    def draft(self) -> str | None:
        """
        Every draft of this step as one text, or None if it has none.
        """
        if not self.drafts:
            return None
        return "\n\n-----\n\n".join(str(draft) for draft in self.drafts)


@attrs.frozen
class Reason:
    """
    Why the advice says what it says: one rule that fired.

    Attributes:
        rule_id: The rule's id in the rule pack.
        text: What it concluded, naming the signals it used.
    """

    rule_id: str
    text: str


@attrs.frozen
class Outlook:
    """
    How the chances of an offer look, and why.

    Attributes:
        odds: The chances, from ``none`` to ``high``.
        why: What the signals say, including what they do not promise.
    """

    odds: Odds
    why: str


@attrs.frozen
class Advice:
    """
    Where a person stands and what to do next.

    Attributes:
        status: The single most likely status of the application.
        outlook: How the odds of an offer look and why.
        actions: The next steps, most urgent first.
        reasons: Every rule that fired, in firing order.
        text: The whole advice as Markdown.
        today: The date the advice is for, when the situation is dated.
        application: What the advice is about: the role and the company
            (``"Data Engineer at Acme"``), as far as the situation names
            them; ``""`` if it names neither. The calendar events of its
            plan take their ids from it.

    .. versionadded:: 0.2
       *application*.
    """

    status: Status
    outlook: Outlook
    actions: tuple[Action, ...]
    reasons: tuple[Reason, ...]
    text: str
    today: datetime.date | None = None
    application: str = ""

    def __repr__(self) -> str:
        """
        Return a one-line summary; the card, ``text`` and ``to_dict()`` hold the rest.

        >>> from interview_advisor import advise
        >>> advise({"stage": "applied", "days_since_interview": 3})
        <Advice awaiting_decision, outlook uncertain: 5 steps, 4 reasons>
        """
        what = f" for {self.application!r}" if self.application else ""
        when = f" on {self.today}" if self.today else ""
        steps = plural(len(self.actions), "step")
        reasons = plural(len(self.reasons), "reason")
        return (
            f"<Advice {self.status}{what}{when}, outlook {self.outlook.odds}: "
            f"{steps}, {reasons}>"
        )

    # Not part of the value: equal advice stays equal, whoever advised.
    _origin: Origin | None = attrs.field(
        default=None, eq=False, repr=False, kw_only=True
    )

    def explain(self) -> Explanation:
        """
        Return every rule that fired, each condition with the values that met it.

        .. versionadded:: 0.2
        """
        return self._source().explain(self)

    def why_not(self, target: str) -> WhyNot:
        """
        Return the nearest rules that would give *target*, and what each missed.

        Args:
            target: A status (``offer_likely``), a step kind
                (``send_follow_up``) or a rule id of the pack.

        Raises:
            InvalidSettingError: *target* is none of these.

        .. versionadded:: 0.2
        """
        return self._source().why_not(self, target)

    def what_if(self, **changes: Any) -> WhatIf:
        """
        Return the advice if the situation's fields had the values *changes*.

        Raises:
            InvalidSituationError: The changed situation is not valid.

        .. versionadded:: 0.2
        """
        return self._source().what_if(self, changes)

    def changes_ahead(
        self, days: int = 30, *, until: datetime.date | str | None = None
    ) -> Ahead:
        """
        Return the days ahead on which the advice changes if nothing happens.

        Args:
            days: How many days to look ahead, from 1 to 365.
            until: The last date to look at instead, for a dated situation.

        Raises:
            InvalidSettingError: *days* or *until* is out of range.

        .. versionadded:: 0.2
        """
        return self._source().ahead(self, days, until)

    def questions(self) -> Questions:
        """
        Return the fields not given whose answer would change the advice.

        .. versionadded:: 0.2
        """
        return self._source().questions(self)

    def _source(self) -> Origin:
        if self._origin is None:
            raise NoOriginError(
                "this advice was not made by an Advisor, so it cannot be "
                "explained; advise the situation to get one that can"
            )
        return self._origin

    def _repr_markdown_(self) -> str:
        """
        Show the advice as a card in a notebook, in Markdown.
        """
        from ._output_card import card  # noqa: PLC0415  # defers Jinja to notebooks

        return card(self, "md")

    def _repr_html_(self) -> str:
        """
        Show the advice as a card in a notebook, in HTML, user text escaped.
        """
        from ._output_card import card  # noqa: PLC0415  # defers Jinja to notebooks

        return card(self, "html")

    def plan(self) -> Plan:
        """
        Return the dated steps ahead, soonest first, for a calendar.

        Raises:
            InvalidSituationError: The situation was not dated (it had
                neither ``today`` nor ``interview_date``), so no step has a
                date.
        """
        if self.today is None:
            raise undated()
        return Plan(
            steps=tuple(
                PlannedStep(action.due, action.kind, action.title, action.why)
                for action in self.actions
                if action.due is not None
            ),
            today=self.today,
            application=self.application,
        )

    def to_dict(self) -> dict[str, Any]:
        """
        Return the advice as plain JSON-ready data.

        Enums become their string values, tuples become lists, dates become
        ``YYYY-MM-DD`` strings, and each action also carries its combined
        ``draft`` text.
        """
        # Written out rather than attrs.asdict, which costs as much as
        # advising again; tests/test_output_advice.py checks they agree.
        return {
            "status": self.status.value,
            "outlook": {"odds": self.outlook.odds.value, "why": self.outlook.why},
            "actions": [_action_dict(action) for action in self.actions],
            "reasons": [{"rule_id": r.rule_id, "text": r.text} for r in self.reasons],
            "text": self.text,
            "today": None if self.today is None else self.today.isoformat(),
            "application": self.application,
        }


@attrs.frozen
class WhatIf:
    """
    The advice for a changed situation, and how it differs.

    Attributes:
        changes: Each changed field, before and after.
        advice: The advice for the changed situation.
        status_before: The status before the change.
        added: The steps the change adds.
        removed: The steps it removes.
        moved: The steps both give, due on another day.
    """

    changes: tuple[FieldChange, ...]
    advice: Advice
    status_before: Status
    added: tuple[ActionKind, ...]
    removed: tuple[ActionKind, ...]
    moved: tuple[StepMove, ...]

    def __str__(self) -> str:
        """
        Return the difference in words.
        """
        status = self.advice.status
        lines = [
            f"The status stays {_words(status)}."
            if status is self.status_before
            else f"The status changes from {_words(self.status_before)} to "
            f"{_words(status)}."
        ]
        lines += [f"Added: {_words(kind)}." for kind in self.added]
        lines += [f"Removed: {_words(kind)}." for kind in self.removed]
        lines += [
            f"Moved: {_words(move.kind)}, from {_day(move.before)} to "
            f"{_day(move.after)}."
            for move in self.moved
        ]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """
        Return the difference as plain JSON-ready data, with the advice.
        """
        data = attrs.asdict(self, recurse=False)
        data["changes"] = [change.to_dict() for change in self.changes]
        data["advice"] = self.advice.to_dict()
        data["status_before"] = str(self.status_before)
        data["added"] = [str(kind) for kind in self.added]
        data["removed"] = [str(kind) for kind in self.removed]
        data["moved"] = [move.to_dict() for move in self.moved]
        return data


def _words(value: object) -> str:
    return str(value).replace("_", " ")


def _day(due_in_days: int | None) -> str:
    return "no particular day" if due_in_days is None else when(due_in_days)


def _action_dict(action: Action) -> dict[str, Any]:
    """
    Return *action* as :meth:`Advice.to_dict` shows it.
    """
    return {
        "kind": action.kind.value,
        "due_in_days": action.due_in_days,
        "title": action.title,
        "why": action.why,
        "drafts": [
            {"to": d.to, "subject": d.subject, "body": d.body} for d in action.drafts
        ],
        "checklist": list(action.checklist),
        "due": None if action.due is None else action.due.isoformat(),
        "phase": action.phase.value,
        "draft": action.draft,
    }

"""
The output model: the advice for one situation, its steps and drafts.
"""

from __future__ import annotations

import datetime  # noqa: TC003  # advice_schema resolves the annotations at run time
from typing import Any

import attrs

from ._enums import ActionKind, Odds, Phase, Status
from ._output_plan import Plan, PlannedStep


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
    """

    status: Status
    outlook: Outlook
    actions: tuple[Action, ...]
    reasons: tuple[Reason, ...]
    text: str
    today: datetime.date | None = None

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
        Return the dated steps ahead, soonest first.

        Only a dated situation's steps have dates; for any other the plan is
        empty.
        """
        return Plan(
            steps=tuple(
                PlannedStep(action.due, action.kind, action.title, action.why)
                for action in self.actions
                if action.due is not None
            ),
            today=self.today,
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
        }


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

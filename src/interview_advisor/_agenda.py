"""
The agenda's model: its entries, days and statuses, and the order of urgency.
"""

from __future__ import annotations

import datetime  # noqa: TC003  # attrs resolves the annotations
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._agenda_out import as_dict, card, csv_text, mailto, text
from ._enums import ActionKind, Odds, Status  # likewise
from ._output_plan import Plan, PlannedStep, calendar_text

if TYPE_CHECKING:
    from ._batch import BatchResult
    from ._output_advice import Draft

#: The kinds of step, most urgent first: the decisions, then the courtesies.
URGENCY: Final = (
    ActionKind.RESPOND_TO_OFFER,
    ActionKind.CONFIRM_OUTCOME,
    ActionKind.PREPARE_NEXT_ROUND,
    ActionKind.PREPARE_REFERENCES,
    ActionKind.SEND_FINAL_FOLLOW_UP,
    ActionKind.SEND_FOLLOW_UP,
    ActionKind.MOVE_ON,
    ActionKind.SEND_THANK_YOU,
    ActionKind.REQUEST_FEEDBACK,
    ActionKind.REFLECT_AND_LEARN,
    ActionKind.CONTINUE_SEARCH,
    ActionKind.WAIT,
)
#: The steps that decide where an application goes; the rest are courtesies.
DECISIONS: Final = frozenset(URGENCY[: URGENCY.index(ActionKind.SEND_THANK_YOU)])


@attrs.frozen
class Entry:
    """
    One step of one application on the agenda.

    Attributes:
        application: The application's id.
        due: The day to do it.
        kind: What to do.
        title: A short imperative heading.
        why: Why this step, and why then.
        overdue: Whether it is late: a decision (see ``DECISIONS``) due
            today in an application whose decision date has passed
            (``decision_overdue``, ``likely_ghosted``), or asking after a
            round whose date has passed (``confirm_outcome``).
        drafts: The emails to send for it.
        emails: The address of each draft's recipient, when known.
    """

    application: str
    due: datetime.date
    kind: ActionKind
    title: str
    why: str
    overdue: bool = False
    drafts: tuple[Draft, ...] = ()
    emails: tuple[str | None, ...] = ()

    @property
    def links(self) -> tuple[str | None, ...]:
        """
        A ``mailto:`` link per draft, None where the address is unknown.
        """
        return tuple(
            None if address is None else mailto(address, draft)
            for address, draft in zip(self.emails, self.drafts, strict=True)
        )


def urgency(entry: Entry) -> tuple[bool, int, str, str, datetime.date]:
    """
    Order entries: overdue first, then by kind (decisions before courtesies).

    Entries equal in both are ordered by application id (ignoring case), so
    the order never depends on the order the applications came in.
    """
    return (
        not entry.overdue,
        URGENCY.index(entry.kind),
        entry.application.casefold(),
        entry.application,
        entry.due,
    )


@attrs.frozen
class Day:
    """
    The steps due on one day after today.

    Attributes:
        date: The day.
        entries: Its steps, most urgent first.
    """

    date: datetime.date
    entries: tuple[Entry, ...]


@attrs.frozen
class ApplicationStatus:
    """
    Where one application stands.

    Attributes:
        id: The application's id.
        number: Where it came from: its line in a file, or its position.
        status: The single most likely status.
        odds: How the chances of an offer look.
        next: Its next dated step, however far ahead; None if it has none.
    """

    id: str
    number: int
    status: Status
    odds: Odds
    next: PlannedStep | None


@attrs.frozen
class Agenda:
    """
    What to do today, and in the coming days, across applications.

    Attributes:
        today: The date of the agenda.
        days: How many days after today ``coming`` covers.
        due: The steps due today, overdue first, then decisions before
            courtesies, then by application id.
        coming: The days after today with steps due, in date order.
        idle: The ids of the applications with no step due today or in
            the coming days, sorted.
        applications: Every application's status, by id.
        plans: Every application's dated steps, however far ahead, by id;
            ``to_ics()`` writes them as one calendar.
        skipped: The records that were not valid applications, in order,
            with their numbers and problems.
    """

    today: datetime.date
    days: int
    due: tuple[Entry, ...]
    coming: tuple[Day, ...]
    idle: tuple[str, ...]
    applications: tuple[ApplicationStatus, ...]
    plans: tuple[Plan, ...]
    skipped: tuple[BatchResult, ...] = ()

    def __str__(self) -> str:
        """
        Return the agenda as plain text.
        """
        return text(self)

    def to_dict(self) -> dict[str, Any]:
        """
        Return the agenda as JSON-ready data, with each draft's mailto link.
        """
        return as_dict(self)

    def to_csv(self) -> str:
        """
        Return the steps as CSV for a spreadsheet (docs/agenda.md lists the columns).
        """
        return csv_text(self)

    def to_ics(self) -> str:
        """
        Return every application's dated steps as one iCalendar feed.

        An event's id derives from its application's id and the step, so
        importing a newer feed updates the events instead of adding copies.
        """
        return calendar_text(self.plans)

    def _repr_html_(self) -> str:
        """
        Show the agenda as a card in a notebook, in HTML, user text escaped.
        """
        return card(self, "html")

    def _repr_markdown_(self) -> str:
        """
        Show the agenda as a card in a notebook, in Markdown.
        """
        return card(self, "md")

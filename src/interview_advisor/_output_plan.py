"""
The plan: the dated steps of some advice, and their iCalendar export.
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from ._enums import ActionKind


@attrs.frozen
class PlannedStep:
    """
    One dated step of a plan.

    Attributes:
        due: The day to do it.
        kind: What to do.
        title: A short imperative heading.
        why: Why this step, and why then.
    """

    due: datetime.date
    kind: ActionKind
    title: str
    why: str


@attrs.frozen
class Plan:
    """
    The dated steps ahead, ready for a calendar.

    Attributes:
        steps: Soonest first.
        today: The date the plan was made for.
    """

    steps: tuple[PlannedStep, ...]
    today: datetime.date | None = None

    def __str__(self) -> str:
        """
        Return one line per step: its date, then its title.
        """
        return "\n".join(f"{step.due:%a %d %b %Y}: {step.title}" for step in self.steps)

    def to_ics(self) -> str:
        """
        Return the plan as an iCalendar file, one all-day event per step.

        Each event gets a new unique id, so plans of several applications
        can share one calendar.
        """
        import icalendar  # noqa: PLC0415  # only calendar exports need it

        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//interview_advisor//plan//EN")
        calendar.add("version", "2.0")
        stamp = datetime.datetime.combine(
            self.today or datetime.date(1970, 1, 1), datetime.time(), datetime.UTC
        )
        for step in self.steps:
            event = icalendar.Event()
            event.add("uid", f"{uuid.uuid4()}@interview-advisor")
            event.add("dtstamp", stamp)
            event.add("dtstart", step.due)
            event.add("dtend", step.due + datetime.timedelta(days=1))
            event.add("summary", step.title)
            event.add("description", step.why)
            event.add("categories", [str(step.kind)])
            calendar.add_component(event)
        return str(calendar.to_ical().decode("utf-8"))

"""
The plan: the dated steps of some advice, and their iCalendar export.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import attrs

from .exceptions import InvalidSituationError, Problem

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    import icalendar

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
        application: What the plan is for, such as a company and a role;
            its calendar events' ids derive from it.
    """

    steps: tuple[PlannedStep, ...]
    today: datetime.date | None = None
    application: str = ""

    def __str__(self) -> str:
        """
        Return one line per step: its date, then its title.
        """
        return "\n".join(f"{step.due:%a %d %b %Y}: {step.title}" for step in self.steps)

    def to_ics(self) -> str:
        """
        Return the plan as an iCalendar file, one all-day event per step.

        Each event's id derives from the application and the step, not from
        its date, so importing a newer plan of the same application updates
        its events instead of adding copies.

        Raises:
            InvalidSituationError: The plan is of an undated situation.
        """
        if self.today is None:
            raise undated()
        return calendar_text([self])


def calendar_text(plans: Iterable[Plan]) -> str:
    """
    Return the steps of every one of *plans* as one iCalendar file.

    An event's summary names its plan's application, when the plan has one,
    so a feed of many applications says which step is whose.
    """
    import icalendar  # noqa: PLC0415  # only calendar exports need it

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//interview_advisor//plan//EN")
    calendar.add("version", "2.0")
    for plan in plans:
        for event in _events(plan):
            calendar.add_component(event)
    return str(calendar.to_ical().decode("utf-8"))


def _events(plan: Plan) -> Iterator[icalendar.Event]:
    """
    Yield one all-day event per step of *plan*.
    """
    import icalendar  # noqa: PLC0415  # only calendar exports need it

    stamp = datetime.datetime.combine(
        plan.today or datetime.date(1970, 1, 1), datetime.time(), datetime.UTC
    )
    seen: dict[str, int] = {}
    for step in plan.steps:
        occurrence = seen[step.kind] = seen.get(step.kind, -1) + 1
        event = icalendar.Event()
        event.add("uid", event_uid(plan.application, step.kind, occurrence))
        event.add("dtstamp", stamp)
        event.add("dtstart", step.due)
        event.add("dtend", step.due + datetime.timedelta(days=1))
        summary = (
            f"{plan.application}: {step.title}" if plan.application else step.title
        )
        event.add("summary", summary)
        event.add("description", step.why)
        event.add("categories", [str(step.kind)])
        yield event


def application_of(company: str | None, job_title: str | None) -> str:
    """
    Return what an application is called: its role and its company.

    >>> application_of("Acme", "Data Engineer"), application_of(None, "Analyst")
    ('Data Engineer at Acme', 'Analyst')
    """
    if company and job_title:
        return f"{job_title} at {company}"
    return company or job_title or ""


def undated() -> InvalidSituationError:
    """
    Return the error of asking for the plan of an undated situation.
    """
    expected = "a date, or an interview_date: a plan needs a dated situation"
    return InvalidSituationError([Problem("today", None, expected)])


def event_uid(application: str, kind: str, occurrence: int = 0) -> str:
    """
    Return the calendar id of the *occurrence*-th step *kind* of *application*.

    The same application and step give the same id in every run and process,
    and different ones differ, so calendars update events on a re-import.
    """
    # Imported here: it loads OpenSSL, which importing the package need not.
    import hashlib  # noqa: PLC0415

    key = "\x1f".join((application, str(kind), str(occurrence)))
    return f"{hashlib.sha256(key.encode()).hexdigest()[:32]}@interview-advisor"

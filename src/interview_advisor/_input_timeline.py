"""
The input model of a timeline: the dated events of one application.

The situation, and so the advice, follows from the events; the advisor
accepts a timeline as it accepts a situation.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping
from typing import Any

import attrs

from ._enums import EmployerResponse, Stage
from ._input_convert import member_or_raw, to_date
from ._input_situation import Situation
from .exceptions import InvalidSituationError, Problem


class EventKind(enum.StrEnum):
    """
    What happened on a day of the application.
    """

    APPLIED = "applied"
    INTERVIEW_HELD = "interview_held"
    THANK_YOU_SENT = "thank_you_sent"
    FOLLOW_UP_SENT = "follow_up_sent"
    EMPLOYER_REPLIED = "employer_replied"


def _to_kind(value: object) -> object:
    return member_or_raw(EventKind, value)


def _to_stage(value: object) -> object:
    return None if value is None else member_or_raw(Stage, value)


def _to_response(value: object) -> object:
    return None if value is None else member_or_raw(EmployerResponse, value)


@attrs.frozen
class Event:
    """
    One dated event.

    Attributes:
        kind: What happened.
        on: When.
        stage: The round held, for ``interview_held``.
        response: What the employer said, for ``employer_replied``.
        timeframe: When they said they would decide, as they put it, for
            ``interview_held`` ("by the end of next week").
        next_interview_on: The date of the next round, when the reply is
            ``next_round_scheduled``.
    """

    kind: EventKind = attrs.field(converter=_to_kind)
    on: datetime.date = attrs.field(converter=to_date)
    stage: Stage | None = attrs.field(default=None, converter=_to_stage)
    response: EmployerResponse | None = attrs.field(
        default=None, converter=_to_response
    )
    timeframe: str | None = None
    next_interview_on: datetime.date | None = attrs.field(
        default=None, converter=to_date
    )


def _to_events(value: object) -> object:
    """
    Turn a list of events or of mappings with the same keys into events.
    """
    if not isinstance(value, list | tuple):
        return value
    return tuple(
        Event(**item) if isinstance(item, Mapping) and _known_keys(item) else item
        for item in value
    )


def _known_keys(item: Mapping[Any, Any]) -> bool:
    names = {field.name for field in attrs.fields(Event)}
    return set(item) <= names and {"kind", "on"} <= set(item)


@attrs.frozen
class Timeline:
    """
    The input model of a timeline: its events, checked, and their situation.

    The public :class:`interview_advisor.Timeline` adds ``advise``, and
    documents the class.
    """

    events: tuple[Event, ...] = attrs.field(converter=_to_events)

    def __attrs_post_init__(self) -> None:
        """
        Check the events and raise once with every problem found.
        """
        problems = _problems(self.events)
        if problems:
            raise InvalidSituationError(problems)

    def situation(
        self, *, today: datetime.date | str | None = None, **details: Any
    ) -> Situation:
        """
        Return the situation the events add up to.

        Args:
            today: The date to advise for, as a date or ``YYYY-MM-DD``
                (default: the local date).
            details: Other fields of :class:`Situation`, such as names.

        Raises:
            InvalidSituationError: The events end after *today*, or the
                details are not valid situation fields.
        """
        day = to_date(today) or datetime.date.today()  # noqa: DTZ011  # the local date
        if type(day) is not datetime.date:
            raise InvalidSituationError(
                [Problem("today", today, "a date, or a string written YYYY-MM-DD")]
            )
        # The last application or interview is what the counts start from.
        anchor_index = max(
            index
            for index, event in enumerate(self.events)
            if event.kind in {EventKind.APPLIED, EventKind.INTERVIEW_HELD}
        )
        anchor, after = self.events[anchor_index], self.events[anchor_index + 1 :]
        if self.events[-1].on > day:
            raise InvalidSituationError(
                [
                    Problem(
                        "today",
                        day,
                        f"no earlier than the last event ({self.events[-1].on})",
                    )
                ]
            )
        # Only the latest reply says where things stand now.
        replies = [e for e in after if e.kind is EventKind.EMPLOYER_REPLIED]
        fields: dict[str, Any] = {
            "stage": anchor.stage or Stage.APPLIED,
            "interview_date": anchor.on,
            "today": day,
            "stated_timeframe": anchor.timeframe,
            "thank_you_sent_on": next(
                (e.on for e in after if e.kind is EventKind.THANK_YOU_SENT), None
            ),
            "follow_up_dates": [
                e.on for e in after if e.kind is EventKind.FOLLOW_UP_SENT
            ],
            "employer_response": replies[-1].response
            if replies
            else EmployerResponse.NONE,
        }
        # A round whose date has passed counts below 0: it should have
        # taken place, and the advice asks what happened.
        if replies and replies[-1].next_interview_on:
            fields["next_interview_in_days"] = (
                replies[-1].next_interview_on - day
            ).days
        return Situation.from_dict({**fields, **details})


def _problems(events: object) -> list[Problem]:
    """
    Return every problem of *events*, naming each by its index.
    """
    if not isinstance(events, tuple) or not events:
        return [Problem("events", events, "a non-empty list of events")]
    found = []
    for index, event in enumerate(events):
        name = f"events[{index}]"
        if not isinstance(event, Event):
            found.append(
                Problem(
                    name,
                    event,
                    "an event with 'kind' and 'on', and only the keys of Event",
                )
            )
            continue
        found += _event_problems(name, event)
    # Order and anchors mean nothing until every event is itself valid.
    if found:
        return found
    dates = [event.on for event in events]
    if dates != sorted(dates):
        found.append(
            Problem(
                "events", [str(d) for d in dates], "events in date order, oldest first"
            )
        )
    if not any(e.kind in {EventKind.APPLIED, EventKind.INTERVIEW_HELD} for e in events):
        found.append(
            Problem(
                "events",
                len(events),
                "at least one 'applied' or 'interview_held' event",
            )
        )
    return found


def _event_problems(name: str, event: Event) -> list[Problem]:
    found = []
    if not isinstance(event.kind, EventKind):
        accepted = ", ".join(kind.value for kind in EventKind)
        found.append(Problem(f"{name}.kind", event.kind, f"one of: {accepted}"))
    for field in ("on", "next_interview_on"):
        value = getattr(event, field)
        if type(value) is not datetime.date and (field == "on" or value is not None):
            found.append(Problem(f"{name}.{field}", value, "a date written YYYY-MM-DD"))
    if event.kind is EventKind.INTERVIEW_HELD and not isinstance(event.stage, Stage):
        accepted = ", ".join(
            stage.value for stage in Stage if stage is not Stage.APPLIED
        )
        found.append(
            Problem(f"{name}.stage", event.stage, f"the round held: {accepted}")
        )
    if event.kind is EventKind.EMPLOYER_REPLIED and not isinstance(
        event.response, EmployerResponse
    ):
        accepted = ", ".join(
            r.value for r in EmployerResponse if r is not EmployerResponse.NONE
        )
        found.append(Problem(f"{name}.response", event.response, f"one of: {accepted}"))
    return found

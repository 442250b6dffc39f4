"""
The agenda: the steps of many applications, today's most urgent first.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from ._advisor import default_advisor
from ._agenda_out import as_dict, card, csv_text, mailto, text
from ._agenda_read import BadRecord, read_applications
from ._batch import BatchResult
from ._enums import ActionKind, Odds, Phase, Status
from ._input_checks import MAX_TEXT, Name
from ._input_convert import to_date
from ._input_situation import Situation
from ._input_timeline import Timeline
from ._output_plan import Plan, PlannedStep, calendar_text
from ._rendering import PLACEHOLDERS
from .exceptions import (
    InvalidRecordError,
    InvalidSettingError,
    InvalidSituationError,
    Problem,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ._advisor import Advisor
    from ._output_advice import Advice, Draft

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
#: The statuses in which whatever is due today is late: the decision date
#: has passed.
_LATE: Final = frozenset({Status.DECISION_OVERDUE, Status.LIKELY_GHOSTED})
#: The most days ahead an agenda looks.
MAX_DAYS_AHEAD: Final = 366


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


@attrs.frozen
class _Advised:
    """
    One application advised: its status, its plan and its entries.
    """

    status: ApplicationStatus
    plan: Plan
    entries: tuple[Entry, ...]


def agenda(
    applications: str | os.PathLike[str] | Iterable[object] | Mapping[str, object],
    *,
    today: datetime.date | str | None = None,
    days: int = 7,
    on_error: Literal["raise", "skip"] = "raise",
    advisor: Advisor | None = None,
) -> Agenda:
    """
    Return the agenda of *applications* for *today*.

    Args:
        applications: A file of applications (``.json``, ``.jsonl``,
            ``.csv`` or ``.toml``; docs/agenda.md), a mapping of ids to
            applications, or an iterable of applications. An application
            is a :class:`Situation`, a :class:`Timeline` (in a mapping of
            ids), or a mapping of situation fields with an optional ``id``
            and, for a timeline, ``events``. Its id defaults to its
            company and job title.
        today: The date of the agenda (default: the local date); every
            application is advised as of it.
        days: How many days after today the coming days cover.
        on_error: ``raise`` raises :class:`InvalidRecordError` at the first
            invalid application; ``skip`` lists it in ``skipped``.
        advisor: The advisor to use; the default one if None.

    Raises:
        InvalidRecordError: An application is invalid, with ``raise``.
        InvalidSettingError: *today*, *days* or *on_error* is not valid.
        UnreadableFileError: The file cannot be read at all.
    """
    day = _checked_settings(today, days, on_error)
    advisor = advisor or default_advisor()
    seen: dict[str, int] = {}
    advised, skipped = [], []
    for number, record, given in _numbered(applications):
        try:
            result = _advise((number, record, given), day, days, advisor)
            _check_unique(result.status, seen)
        except InvalidSituationError as error:
            if on_error == "raise":
                raise InvalidRecordError(number, error) from None
            skipped.append(BatchResult(number, error=error))
            continue
        advised.append(result)
    return _assemble(day, days, advised, tuple(skipped))


def _check_unique(status: ApplicationStatus, seen: dict[str, int]) -> None:
    """
    Note the id of *status*; an id seen before is a problem of the later one.
    """
    earlier = seen.setdefault(status.id, status.number)
    if earlier != status.number:
        expected = f"an id no other application has (record {earlier} has it)"
        raise InvalidSituationError([Problem("id", status.id, expected)])


def _checked_settings(today: object, days: object, on_error: object) -> datetime.date:
    """
    Return the agenda's date, once its settings are checked.
    """
    day = datetime.date.today() if today is None else to_date(today)  # noqa: DTZ011  # the local date
    if type(day) is not datetime.date:
        raise InvalidSettingError(
            f"today: got {today!r}, expected a date or YYYY-MM-DD"
        )
    if type(days) is not int or not 0 <= days <= MAX_DAYS_AHEAD:
        raise InvalidSettingError(
            f"days: got {days!r}, expected a whole number from 0 to {MAX_DAYS_AHEAD}"
        )
    if on_error not in {"raise", "skip"}:
        raise InvalidSettingError(
            f"on_error: got {on_error!r}, expected 'raise' or 'skip'"
        )
    return day


def _numbered(
    applications: str | os.PathLike[str] | Iterable[object] | Mapping[str, object],
) -> Iterable[tuple[int, object, object]]:
    """
    Yield each application with its number and the id it was given under.
    """
    if isinstance(applications, str | os.PathLike):
        return ((n, record, None) for n, record in read_applications(applications))
    if isinstance(applications, Mapping):
        return (
            (n, record, key)
            for n, (key, record) in enumerate(applications.items(), start=1)
        )
    return ((n, record, None) for n, record in enumerate(applications, start=1))


def _advise(
    numbered: tuple[int, object, object],
    day: datetime.date,
    days: int,
    advisor: Advisor,
) -> _Advised:
    """
    Advise on one numbered application as of *day*, and place its steps.

    Raises:
        InvalidSituationError: It is not a valid application.
    """
    number, record, given = numbered
    situation, named = _situation(record, day)
    name = _id(given if given is not None else named, situation)
    advice = advisor.advise(situation)
    plan = attrs.evolve(advice.plan(), application=name)
    first = min(plan.steps, key=lambda step: step.due, default=None)
    status = ApplicationStatus(name, number, advice.status, advice.outlook.odds, first)
    return _Advised(
        status,
        plan,
        _entries(name, situation, advice, day + datetime.timedelta(days=days)),
    )


def _situation(record: object, day: datetime.date) -> tuple[Situation, object]:
    """
    Return the situation of an application record as of *day*, and its id.
    """
    if isinstance(record, BadRecord):
        raise record.error()
    if isinstance(record, Timeline):
        return record.situation(today=day), None
    if isinstance(record, Situation):
        return _as_of(record, day), None
    if not isinstance(record, Mapping):
        expected = "a situation, a timeline, or a mapping of situation fields"
        raise InvalidSituationError([Problem("application", record, expected)])
    fields = dict(record)
    named, events = fields.pop("id", None), fields.pop("events", None)
    _same_day(fields.pop("today", None), day)
    if "next_interview_on" in fields:
        fields["next_interview_in_days"] = _days_until(fields, day)
    if events is None:
        return Situation.from_dict({**fields, "today": day}), named
    keys = [key for key in fields if not isinstance(key, str)]
    if keys:
        raise InvalidSituationError([Problem("application", keys[0], "text keys")])
    return Timeline(events).situation(today=day, **fields), named


def _as_of(situation: Situation, day: datetime.date) -> Situation:
    """
    Return *situation* as of *day*; a dated one must be of that day already.
    """
    if situation.dated:
        _same_day(situation.today, day)
        return situation
    return Situation.from_dict({**situation.to_dict(), "today": day})


def _days_until(fields: dict[Any, Any], day: datetime.date) -> object:
    """
    Return the days from *day* to the ``next_interview_on`` in *fields*.

    A spreadsheet keeps the date of the next round, not a count that
    changes every day; a count given as well is a problem.
    """
    given = fields.pop("next_interview_on")
    on = to_date(given)
    if type(on) is not datetime.date or "next_interview_in_days" in fields:
        expected = "a date written YYYY-MM-DD, instead of next_interview_in_days"
        raise InvalidSituationError([Problem("next_interview_on", given, expected)])
    return (on - day).days


def _same_day(given: object, day: datetime.date) -> None:
    if given is not None and to_date(given) != day:
        expected = f"nothing, or the agenda's date ({day})"
        raise InvalidSituationError([Problem("today", given, expected)])


def _id(given: object, situation: Situation) -> str:
    """
    Return an application's id: the one given, or its company and job title.
    """
    if given is None:
        parts = [part for part in (situation.company, situation.job_title) if part]
        if not parts:
            expected = "an id, or a company or job_title to name the application by"
            raise InvalidSituationError([Problem("id", None, expected)])
        return " - ".join(parts)
    text = given.strip() if isinstance(given, str) else given
    problems = Name(MAX_TEXT).problems("id", text)
    if problems:
        raise InvalidSituationError(problems)
    assert isinstance(text, str)  # noqa: S101  # the check accepts only text
    return text


def _entries(
    name: str, situation: Situation, advice: Advice, last: datetime.date
) -> tuple[Entry, ...]:
    """
    Return the steps of *advice* due up to *last*, with their recipients' emails.
    """
    late = advice.status in _LATE
    addresses = _addresses(situation)
    return tuple(
        Entry(
            application=name,
            due=action.due,
            kind=action.kind,
            title=action.title,
            why=action.why,
            overdue=action.phase is Phase.NOW
            and action.kind in DECISIONS
            and (late or action.kind is ActionKind.CONFIRM_OUTCOME),
            drafts=action.drafts,
            emails=tuple(addresses.get(draft.to) for draft in action.drafts),
        )
        for action in advice.actions
        if action.due is not None and action.due <= last
    )


def _addresses(situation: Situation) -> dict[str, str]:
    """
    Return the email address of each person a draft may be addressed to.
    """
    found = {p.name: p.email for p in situation.interviewers if p.email}
    if situation.recruiter_email:
        # Without a name, drafts to the recruiter are addressed to a placeholder.
        name = situation.recruiter_name or PLACEHOLDERS["recruiter_name"]
        found[name] = situation.recruiter_email
    return found


def _assemble(
    day: datetime.date,
    days: int,
    advised: list[_Advised],
    skipped: tuple[BatchResult, ...],
) -> Agenda:
    """
    Put the advised applications' steps in their days and order.
    """
    advised.sort(key=lambda result: (result.status.id.casefold(), result.status.id))
    entries = sorted((e for result in advised for e in result.entries), key=urgency)
    by_day: dict[datetime.date, list[Entry]] = {}
    for entry in entries:
        by_day.setdefault(max(entry.due, day), []).append(entry)
    busy = {entry.application for entry in entries}
    return Agenda(
        today=day,
        days=days,
        due=tuple(by_day.pop(day, ())),
        coming=tuple(Day(date, tuple(by_day[date])) for date in sorted(by_day)),
        idle=tuple(r.status.id for r in advised if r.status.id not in busy),
        applications=tuple(result.status for result in advised),
        plans=tuple(result.plan for result in advised),
        skipped=skipped,
    )

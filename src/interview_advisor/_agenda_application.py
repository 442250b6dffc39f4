"""
One application of an agenda: from its record to its status, plan and steps.
"""

from __future__ import annotations

import datetime
import pickle
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._agenda import DECISIONS, ApplicationStatus, Entry
from ._agenda_read import BadRecord
from ._enums import ActionKind, Phase, Status
from ._input_checks import MAX_TEXT, Name
from ._input_convert import to_date
from ._input_situation import Situation
from ._input_timeline import Timeline
from ._rendering import PLACEHOLDERS
from .exceptions import InvalidSituationError, Problem, show

if TYPE_CHECKING:
    from ._advisor import Advisor
    from ._output_advice import Advice
    from ._output_plan import Plan

#: The statuses in which whatever is due today is late: the decision date
#: has passed.
_LATE: Final = frozenset({Status.DECISION_OVERDUE, Status.LIKELY_GHOSTED})


@attrs.frozen
class Advised:
    """
    One application advised: its status, its plan and its entries.
    """

    status: ApplicationStatus
    plan: Plan
    entries: tuple[Entry, ...]

    @property
    def number(self) -> int:
        """
        The application's number: its line in a file, or its position.
        """
        return self.status.number


@attrs.frozen
class Rejected:
    """
    One application that is not valid, and why.

    Attributes:
        number: Its line in a file, or its position.
        problems: What is wrong with it.
    """

    number: int
    problems: tuple[Problem, ...]


def advise_one(
    numbered: tuple[int, object, object],
    *,
    day: datetime.date,
    days: int,
    advisor: Advisor,
) -> Advised | Rejected:
    """
    Advise on one numbered application as of *day*, and place its steps.

    Returns:
        The application advised, or rejected with its problems, whose
        values are kept only if they pickle: the result may come from
        another process.
    """
    try:
        return _advise(numbered, day, days, advisor)
    except InvalidSituationError as error:
        return Rejected(numbered[0], tuple(map(_picklable, error.problems)))


def _picklable(problem: Problem) -> Problem:
    try:
        pickle.dumps(problem.value)
    except Exception:  # noqa: BLE001  # any object may refuse, in any way
        return attrs.evolve(problem, value=show(problem.value))
    return problem


def _advise(
    numbered: tuple[int, object, object],
    day: datetime.date,
    days: int,
    advisor: Advisor,
) -> Advised:
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
    return Advised(
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
    text = given.strip() if isinstance(given, str) else None
    if not text or Name(MAX_TEXT).problems("id", text):
        expected = Name(MAX_TEXT).expected
        raise InvalidSituationError([Problem("id", given, expected)])
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

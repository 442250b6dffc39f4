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
from ._output_plan import application_of
from .exceptions import InvalidSituationError, Problem, show

if TYPE_CHECKING:
    from collections.abc import Callable

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
    situation, name = _situation(record, given, day)
    advice = advisor.advise(situation)
    plan = attrs.evolve(advice.plan(), application=name)
    first = min(plan.steps, key=lambda step: step.due, default=None)
    status = ApplicationStatus(name, number, advice.status, advice.outlook.odds, first)
    return Advised(
        status,
        plan,
        _entries(name, situation, advice, day + datetime.timedelta(days=days)),
    )


def _situation(
    record: object, given: object, day: datetime.date
) -> tuple[Situation, str]:
    """
    Return the situation of an application record as of *day*, and its id.

    Args:
        record: The application.
        given: The id it was given under (a mapping's key), or None.
        day: The agenda's date.

    Raises:
        InvalidSituationError: With every problem of the record.
    """
    if isinstance(record, BadRecord):
        raise record.error()
    if isinstance(record, Timeline | Situation):
        problems = _id_problems(given)
        situation = _checked(problems, lambda: _as_of(record, day))
        return situation, _id(given, situation)
    if not isinstance(record, Mapping):
        expected = "a situation, a timeline, or a mapping of situation fields"
        raise InvalidSituationError([Problem("application", record, expected)])
    fields = dict(record)
    named = fields.pop("id", None) if given is None else given
    events = fields.pop("events", None)
    problems = _id_problems(named) + _same_day(fields.pop("today", None), day)
    if "next_interview_on" in fields:
        problems += _days_until(fields, day)
    if events is None:
        made = lambda: Situation.from_dict({**fields, "today": day})  # noqa: E731
    else:
        made = lambda: _timeline(events, fields, day)  # noqa: E731
    situation = _checked(problems, made)
    return situation, _id(named, situation)


def _checked(problems: list[Problem], made: Callable[[], Situation]) -> Situation:
    """
    Return the situation *made* gives, or raise with its problems and *problems*.
    """
    try:
        situation = made()
    except InvalidSituationError as error:
        raise InvalidSituationError([*problems, *error.problems]) from None
    if problems:
        raise InvalidSituationError(problems)
    return situation


def _timeline(events: object, fields: dict[Any, Any], day: datetime.date) -> Situation:
    """
    Return the situation of a timeline's *events*, with the other *fields*.
    """
    keys = [key for key in fields if not isinstance(key, str)]
    if keys:
        raise InvalidSituationError([Problem(show(keys[0]), keys[0], "a field name")])
    return Timeline(events).situation(today=day, **fields)


def _as_of(application: Situation | Timeline, day: datetime.date) -> Situation:
    """
    Return a situation or timeline as of *day*; a dated situation must be of it.
    """
    if isinstance(application, Timeline):
        return application.situation(today=day)
    if application.dated:
        problems = _same_day(application.today, day)
        if problems:
            raise InvalidSituationError(problems)
        return application
    return Situation.from_dict({**application.to_dict(), "today": day})


def _days_until(fields: dict[Any, Any], day: datetime.date) -> list[Problem]:
    """
    Set the days from *day* to the ``next_interview_on`` in *fields*.

    A spreadsheet keeps the date of the next round, not a count that
    changes every day; a count given as well is a problem.

    Returns:
        What is wrong with the date, if anything.
    """
    given = fields.pop("next_interview_on")
    on = to_date(given)
    if type(on) is not datetime.date or "next_interview_in_days" in fields:
        expected = "a date written YYYY-MM-DD, instead of next_interview_in_days"
        return [Problem("next_interview_on", given, expected)]
    fields["next_interview_in_days"] = (on - day).days
    return []


def _same_day(given: object, day: datetime.date) -> list[Problem]:
    if given is not None and to_date(given) != day:
        return [Problem("today", given, f"nothing, or the agenda's date ({day})")]
    return []


def _id_problems(given: object) -> list[Problem]:
    """
    Return what is wrong with an id given, if one was.
    """
    text = given.strip() if isinstance(given, str) else None
    if given is None or (text and not Name(MAX_TEXT).problems("id", text)):
        return []
    return [Problem("id", given, Name(MAX_TEXT).expected)]


def _id(given: object, situation: Situation) -> str:
    """
    Return an application's checked id: the one given, or its role and company.
    """
    if isinstance(given, str):
        return given.strip()
    # The name advice.plan() gives its calendar events, so the events of an
    # application's own plan and of the agenda's feed share their ids.
    name = application_of(situation.company, situation.job_title)
    if not name:
        expected = "an id, or a company or job_title to name the application by"
        raise InvalidSituationError([Problem("id", None, expected)])
    return name


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
            # A step due now on a holiday falls on the next business day:
            # listed there, it is not yet late.
            overdue=action.phase is Phase.NOW
            and action.due == advice.today
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
    # Without a name, a draft to the recruiter goes to a placeholder, which
    # an interviewer's draft may share: only a named recruiter gets a link.
    if situation.recruiter_name and situation.recruiter_email:
        found[situation.recruiter_name] = situation.recruiter_email
    return found

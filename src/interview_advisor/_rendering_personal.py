"""
The personal part of advice: names, placeholders, recipients and drafts.

What the situation says of the person, and the day counts marked by how
they are counted, as the templates see them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from ._input_interviewer import Interviewer
from ._output_advice import Draft
from ._wording import CalendarDays, first_name
from .exceptions import RulePackError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._input_situation import Situation

#: Signals that count calendar days even in advice of business days.
CALENDAR_SIGNALS: Final = (
    "calendar_days_since_interview",
    "stated_timeframe_given_days",
)


def counted(signals: Mapping[str, Any]) -> dict[str, Any]:
    """
    Return *signals* with those counted in calendar days marked so.

    The day filters then name them in plain days even in advice that counts
    business days.
    """
    marked = dict(signals)
    for name in CALENDAR_SIGNALS:
        if marked.get(name) is not None:
            marked[name] = CalendarDays(marked[name])
    return marked


def personal(situation: Situation, placeholders: Mapping[str, str]) -> dict[str, Any]:
    """
    Return the personal details of *situation*, with placeholders for gaps.
    """
    details = {
        name: getattr(situation, name) or placeholders[name]
        for name in placeholders
        if name != "interviewer_name"
    }
    return {
        **details,
        "interviewer_names": tuple(person.name for person in situation.interviewers),
        "interviewers": situation.interviewers,
        "stated_timeframe": situation.stated_timeframe,
        "concerns": situation.concerns_from_last_interview,
        "known": {name: getattr(situation, name) is not None for name in details},
    }


def recipients(
    situation: Situation, to: tuple[str, ...], placeholders: Mapping[str, str]
) -> tuple[tuple[Interviewer, bool], ...]:
    """
    Return who receives a draft, each with whether their name was given.

    *to* lists the pack's choices in order of preference (see
    :data:`RECIPIENTS`): the first the situation names wins; if it names
    none, the draft goes to a placeholder for the first.
    """
    people = situation.interviewers
    for choice in to:
        if choice == "recruiter" and situation.recruiter_name:
            return ((Interviewer(situation.recruiter_name), True),)
        if choice == "interviewers" and people:
            return tuple((person, True) for person in people)
        if choice == "first_interviewer" and people:
            return ((people[0], True),)
    name = "recruiter_name" if to[0] == "recruiter" else "interviewer_name"
    return ((Interviewer(placeholders[name]), False),)


def addressed(
    person: Interviewer, discussed_topic: str, *, given: bool
) -> dict[str, Any]:
    """
    Return the variables of a draft to *person*: their names, role and topic.
    """
    # A placeholder is filled in whole, so it is its own first name.
    return {
        "recipient": person.name,
        "recipient_first_name": first_name(person.name) if given else person.name,
        "recipient_role": person.role,
        "recipient_topic": person.topic or discussed_topic,
    }


def parse_draft(name: str, to: str, text: str) -> Draft:
    """
    Split a rendered draft into its ``Subject:`` line and its body.
    """
    first, _, body = text.strip().partition("\n")
    if not first.startswith("Subject:"):
        raise RulePackError(
            "a draft must start with a 'Subject:' line",
            file=f"drafts/{name}.txt.j2",
        )
    return Draft(
        to=to, subject=first.removeprefix("Subject:").strip(), body=body.strip()
    )

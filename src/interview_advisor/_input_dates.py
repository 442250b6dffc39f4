"""
Date derivation: what a situation's dates and stated timeframe imply.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from ._daycount import MAX_DAYS, Calendar, check_region
from .exceptions import MISSING, Problem

if TYPE_CHECKING:
    from ._input_timeframe import Timeframe


# Situations come in as Any: the model imports this module, not the reverse.
def derive(s: Any) -> tuple[dict[str, object], list[Problem]]:
    """
    Work out what the dates and the stated timeframe imply.

    Returns:
        The fields to fill in, and the problems found.
    """
    has_dates = s.interview_date or s.today or s.thank_you_sent_on or s.follow_up_dates
    if not (has_dates or s.stated_timeframe or s.country or s.subdivision):
        return {}, []  # nothing to work out: the common case, kept cheap
    # The region is checked here, once dates are known to need a calendar.
    found = [Problem(*problem) for problem in check_region(s.country, s.subdivision)]
    # A region the holidays package lacks cannot count business days; the
    # weekends still can, so every other problem is found all the same.
    calendar = Calendar() if found else s.calendar
    derived, more = _dated(s, calendar) if has_dates else _undated(s)
    return derived, found + more


def _undated(s: Any) -> tuple[dict[str, object], list[Problem]]:
    found = []
    if s.days_since_interview is None:
        found.append(required_days())
    # Holidays fall on dates: without dates a country changes nothing.
    if s.country is not None:
        found.append(
            Problem(
                "country",
                s.country,
                "null unless the situation has dates "
                "(interview_date or today): holidays need a calendar",
            )
        )
    derived: dict[str, object] = {}
    timeframe = _timeframe(s, found)
    if timeframe is not None:
        # "by Friday" depends on which day the interview was.
        if timeframe.needs_dates:
            found.append(
                Problem(
                    "stated_timeframe",
                    s.stated_timeframe,
                    "a duration such as "
                    "'within 5 business days', or an interview_date or today "
                    "to place it in the calendar",
                )
            )
        else:
            derived["stated_timeframe_days"] = timeframe.calendar_days()
    found += _agrees(s, derived, "stated_timeframe_days", "stated_timeframe")
    return derived, found


def _dated(s: Any, calendar: Calendar) -> tuple[dict[str, object], list[Problem]]:
    """
    Fill in today, the interview date and the day counts from the dates.
    """
    today = s.today or datetime.date.today()  # noqa: DTZ011  # the local date, as documented
    if s.interview_date is None and s.days_since_interview is None:
        return {}, [required_days()]
    # Today and a day count are enough to place the interview.
    interview = s.interview_date or today - datetime.timedelta(
        days=s.days_since_interview or 0
    )
    if interview > today:
        return {}, [
            Problem(
                "interview_date", interview, f"a date no later than today ({today})"
            )
        ]
    derived: dict[str, object] = {
        "today": today,
        "interview_date": interview,
        "days_since_interview": (today - interview).days,
    }
    found = _agrees(s, derived, "days_since_interview", "interview_date and today")
    timeframe = _timeframe(s, found)
    if timeframe is not None:
        try:
            decision = timeframe.decision_date(interview, calendar)
        except (ValueError, OverflowError):
            return derived, [
                *found,
                Problem(
                    "stated_timeframe", s.stated_timeframe, "a time the calendar holds"
                ),
            ]
        if decision < interview:
            found.append(
                Problem(
                    "stated_timeframe",
                    s.stated_timeframe,
                    f"a time after the interview on {interview}, not {decision}",
                )
            )
        derived["stated_timeframe_days"] = (decision - interview).days
        found += _agrees(s, derived, "stated_timeframe_days", "stated_timeframe")
    found += _sent_on(s, interview, today, derived)
    return derived, found


def _sent_on(
    s: Any,
    interview: datetime.date,
    today: datetime.date,
    derived: dict[str, object],
) -> list[Problem]:
    """
    Fill in what the thank-you and follow-up dates imply.
    """
    found = []
    window = f"a date from the interview ({interview}) to today ({today})"
    if s.thank_you_sent_on is not None:
        if not interview <= s.thank_you_sent_on <= today:
            found.append(Problem("thank_you_sent_on", s.thank_you_sent_on, window))
        derived["thank_you_sent"] = True
    if s.follow_up_dates:
        found += [
            Problem(f"follow_up_dates[{index}]", day, window)
            for index, day in enumerate(s.follow_up_dates)
            if not interview <= day <= today
        ]
        derived["follow_up_dates"] = tuple(sorted(s.follow_up_dates))
        derived["days_since_last_follow_up"] = (today - max(s.follow_up_dates)).days
        found += _agrees(s, derived, "days_since_last_follow_up", "follow_up_dates")
        if s.follow_ups_sent not in {0, len(s.follow_up_dates)}:
            found.append(
                Problem(
                    "follow_ups_sent",
                    s.follow_ups_sent,
                    f"{len(s.follow_up_dates)}, the number of follow_up_dates",
                )
            )
        derived["follow_ups_sent"] = len(s.follow_up_dates)
    return found


def _timeframe(s: Any, found: list[Problem]) -> Timeframe | None:
    """
    Read the stated timeframe, reporting text that cannot be read.
    """
    if s.stated_timeframe is None:
        return None
    # Imported here: its patterns cost more to compile than most imports.
    from ._input_timeframe import TimeframeError, parse_timeframe  # noqa: PLC0415

    try:
        return parse_timeframe(s.stated_timeframe)
    except TimeframeError as error:
        found.append(Problem("stated_timeframe", s.stated_timeframe, error.expected))
        return None


def _agrees(
    s: Any, derived: dict[str, object], name: str, source: str
) -> list[Problem]:
    """
    Check that a count given as *name* agrees with the one *source* implies.
    """
    given, implied = getattr(s, name), derived.get(name)
    if given is None or implied is None or given == implied:
        return []
    return [Problem(name, given, f"{implied}, as {source} imply, or to leave it out")]


def required_days() -> Problem:
    return Problem(
        "days_since_interview",
        MISSING,
        f"a whole number from 0 to {MAX_DAYS}, or an interview_date to count from",
    )

"""
Wording: counts with the nouns that fit them, dates and names for people.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import datetime


def plural(count: int, singular: str, many: str | None = None) -> str:
    """
    Return *count* with the noun that fits it: ``1 follow-up``, ``0 follow-ups``.

    Args:
        count: How many.
        singular: The noun for one.
        many: The noun for any other count; *singular* with an ``s`` if None.
    """
    noun = singular if count == 1 else many or f"{singular}s"
    return f"{count} {noun}"


def days(count: int) -> str:
    """
    Return *count* with the right noun: ``1 day``, ``9 days``.
    """
    return plural(count, "day")


def when(due_in_days: int | None) -> str:
    """
    Say when a step is due: ``today``, ``tomorrow``, ``in 5 days``.
    """
    if due_in_days is None:
        return "ongoing"
    if due_in_days == 0:
        return "today"
    if due_in_days == 1:
        return "tomorrow"
    return f"in {days(due_in_days)}"


def ago(count: int) -> str:
    """
    Say how long ago something was: ``today``, ``1 day ago``, ``9 days ago``.
    """
    return "today" if count == 0 else f"{days(count)} ago"


def within(count: int) -> str:
    """
    Say how soon something is promised: ``the same day``, ``within 9 days``.
    """
    return "the same day" if count == 0 else f"within {days(count)}"


def milestone(stage: str) -> str:
    """
    Name what the day counts start from: ``you applied``, or ``the interview``.
    """
    return "you applied" if stage == "applied" else "the interview"


def first_name(name: str) -> str:
    """
    Return what a friendly note greets *name* by: ``Ana`` for ``Ana Ruiz``.

    A name given with a title keeps it, with the family name: ``Dr. Ruiz``
    for ``Dr. Ana Ruiz``, since the title is how the person is addressed.
    """
    words = name.split()
    if not words:
        return name
    if words[0].rstrip(".").casefold() in _TITLES:
        return f"{words[0]} {words[-1]}" if len(words) > 1 else name
    return words[0]


#: Titles that may open a name; a friendly greeting keeps them.
_TITLES: Final = frozenset(
    {"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "sir", "dame"}
)


def date(day: datetime.date) -> str:
    """
    Write a date for people: ``Tuesday 1 December 2026``.
    """
    return f"{day:%A} {day.day} {day:%B %Y}"


class CalendarDays(int):
    """
    A count of calendar days in advice that otherwise counts business days.

    The day filters name it in plain days: a thank-you window counted in
    hours is never "1 business day ago". Arithmetic on it gives a plain
    ``int``.
    """

    __slots__ = ()

"""
Wording: counts with the nouns that fit them, and the filters texts use.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

import jinja2
import jinja2.runtime

from ._daycount import DayCount

if TYPE_CHECKING:
    import datetime
    from collections.abc import Callable


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


def _in_context(phrase: Callable[[int], str]) -> Callable[..., str]:
    """
    Return *phrase* as a filter that says "business days" when they are counted.
    """

    @jinja2.pass_context
    def counted(context: jinja2.runtime.Context, count: int) -> str:
        text = phrase(count)
        if context.get("business_days") and not isinstance(count, CalendarDays):
            return _COUNTED_DAYS.sub(r"\1 business day", text)
        return text

    return counted


#: A number of days, as :func:`days` writes it.
_COUNTED_DAYS: Final = re.compile(r"(\d+) day")


@jinja2.pass_context
def _business_days(context: jinja2.runtime.Context, count: int) -> str:
    """
    Quote a business-day figure in the advice's own day count.

    Dated advice counts business days and says so; undated advice counts
    calendar days, so five business days read as ``7 days``.
    """
    if context.get("business_days"):
        return plural(count, "business day")
    return days(_CALENDAR.convert(count, "business_days"))


@jinja2.pass_context
def _counted_when(context: jinja2.runtime.Context, count: int | None) -> str:
    """
    Say when, in the advice's day count: ``in 1 business day`` when dated.

    A business day ahead is not always tomorrow, so it is never called so.
    """
    if count and context.get("business_days") and not isinstance(count, CalendarDays):
        return f"in {plural(count, 'business day')}"
    return when(count)


#: Undated advice's day count, for quoting business-day figures in it.
_CALENDAR: Final = DayCount(business=False)

FILTERS: dict[str, Callable[..., Any]] = {
    "days": _in_context(days),
    "ago": _in_context(ago),
    "within": _in_context(within),
    "business_days": _business_days,
    "plural": plural,
    "milestone": milestone,
    "when": when,
    "date": date,
}
#: The filters of rule texts, which count in the advice's day count.
TEXT_FILTERS: dict[str, Callable[..., Any]] = {"when": _counted_when}

"""
The filters of templates and rule texts, which name the advice's day count.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

import jinja2
import jinja2.runtime

from ._daycount import DayCount
from ._wording import CalendarDays, ago, date, days, milestone, plural, when, within

if TYPE_CHECKING:
    from collections.abc import Callable


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

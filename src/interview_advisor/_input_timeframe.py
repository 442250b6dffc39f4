"""
Reading the timeframe an employer stated, as people receive it.

``parse_timeframe`` reads text such as "within 5 business days", "in two
weeks", "by Friday", "by the end of next week", "early next month" or "by
March 3" into a :class:`Timeframe`; :meth:`Timeframe.decision_date` turns it
into a date, counted from the interview. Text it cannot read raises
``ValueError``: it never guesses.
"""

from __future__ import annotations

import calendar
import datetime
import re
from typing import TYPE_CHECKING, Final

import attrs

from ._daycount import CALENDAR_DAYS, MAX_DAYS

if TYPE_CHECKING:
    from ._daycount import Calendar

#: Examples of what is understood, for error messages and docs.
EXAMPLES: Final = (
    "'within 5 business days', 'in two weeks', 'by Friday', "
    "'by the end of next week', 'early next month' or 'by March 3'"
)
_NUMBERS: Final = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
    "a couple of": 2, "couple of": 2, "a few": 3, "few": 3,
}  # fmt: skip
_WEEKDAYS: Final = {name.lower(): index for index, name in enumerate(calendar.day_name)}
_MONTHS: Final = {
    **{name.lower(): index for index, name in enumerate(calendar.month_name) if name},
    **{name.lower(): index for index, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
#: Which day of next month "early", "mid" and "late" stand for.
_MONTH_PARTS: Final = {
    "early": 10,
    "mid": 15,
    "middle of": 15,
    "late": -1,
    "end of": -1,
}
_UNITS: Final = {
    "day": "days", "days": "days", "calendar day": "days", "calendar days": "days",
    "business day": "business_days", "business days": "business_days",
    "working day": "business_days", "working days": "business_days",
    "week": "weeks", "weeks": "weeks", "month": "months", "months": "months",
}  # fmt: skip
_LEAD: Final = re.compile(
    r"^(?:(?:we(?:'ll| will) (?:decide|get back to you|let you know)|"
    r"a decision|decision|expect(?:ed)?|hear back)\s+)?"
    r"(?:no later than|within|inside|in|by|before|until|on|around|after|over)?\s*"
    r"(?:the\s+)?(?:next\s+(?=\d|\w+\s+(?:business|working|calendar)?\s*days?))?"
)
_TRAIL: Final = re.compile(r"\s*(?:at the latest|or so|or sooner|time)?[.!]?$")
_NUMBER: Final = rf"(\d+|{'|'.join(sorted(_NUMBERS, key=len, reverse=True))})"
_DURATION: Final = re.compile(
    rf"^{_NUMBER}(?:\s*(?:-|to|or)\s*{_NUMBER})?\s+"
    rf"({'|'.join(sorted(_UNITS, key=len, reverse=True))})$"
)
_WEEKDAY: Final = re.compile(rf"^(this\s+|next\s+|coming\s+)?({'|'.join(_WEEKDAYS)})$")
_END_OF_WEEK: Final = re.compile(r"^(?:the\s+)?end of (?:the |this )?(next )?week$")
_END_OF_MONTH: Final = re.compile(r"^(?:the\s+)?end of (?:the |this )?month$")
_NEXT_MONTH: Final = re.compile(
    rf"^(?:the\s+)?({'|'.join(_MONTH_PARTS)})\s*(?:-\s*)?next month$"
)
_MONTH_NAMES: Final = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE: Final = re.compile(
    rf"^(?:(?P<m1>{_MONTH_NAMES})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH_NAMES})\.?)"
    r"(?:,?\s+(?P<year>\d{4}))?$"
)


class TimeframeError(ValueError):
    """
    A timeframe that cannot be read, or is too far away.

    Args:
        text: The timeframe as given.
        expected: What would have been read.
    """

    def __init__(self, text: str, expected: str) -> None:
        super().__init__(f"cannot read the timeframe {text!r}; expected {expected}")
        self.expected = expected


@attrs.frozen
class Timeframe:
    """
    A stated timeframe, read but not yet placed in the calendar.

    Attributes:
        text: What the employer said, as given.
        kind: ``duration``, ``weekday``, ``end_of_week``, ``end_of_month``,
            ``next_month`` or ``date``.
        count: How many units, for a duration; the weekday (0 = Monday); or
            the day of next month (-1 = its last day).
        unit: ``days``, ``business_days``, ``weeks`` or ``months``, for a
            duration.
        later: For a weekday or the end of a week, whether the next week's
            is meant ("next Friday", "the end of next week").
        month: The month of a date.
        year: The year of a date, if given.
    """

    text: str
    kind: str
    count: int = 0
    unit: str | None = None
    later: bool = False
    month: int = 0
    year: int | None = None

    @property
    def needs_dates(self) -> bool:
        """
        Whether only a dated situation can place this timeframe.
        """
        return self.kind != "duration"

    def calendar_days(self) -> int:
        """
        Return a duration in calendar days, for a situation without dates.

        Five business days count as a week, a month as 30 days.

        Raises:
            ValueError: The timeframe is not a duration.
        """
        if self.kind != "duration" or self.unit is None:
            raise ValueError(f"{self.text!r} needs the interview's date")
        return CALENDAR_DAYS.convert(self.count, self.unit)

    def decision_date(  # noqa: PLR0911  # one return per kind of timeframe
        self, interview: datetime.date, days: Calendar
    ) -> datetime.date:
        """
        Return the date the timeframe ends, counted from the *interview*.

        Args:
            interview: The date of the interview.
            days: Which days are business days.
        """
        monday = interview - datetime.timedelta(days=interview.weekday())
        if self.kind == "duration":
            return _after(interview, self.count, self.unit or "days", days)
        if self.kind == "weekday":
            if self.later:
                return monday + datetime.timedelta(days=7 + self.count)
            ahead = (self.count - interview.weekday()) % 7 or 7
            return interview + datetime.timedelta(days=ahead)
        if self.kind == "end_of_week":
            friday = monday + datetime.timedelta(days=4 + 7 * self.later)
            return friday if friday >= interview else friday + datetime.timedelta(7)
        if self.kind == "end_of_month":
            return _month_day(interview.year, interview.month, -1)
        if self.kind == "next_month":
            year, month = divmod(interview.year * 12 + interview.month, 12)
            return _month_day(year, month + 1, self.count)
        return _next_date(interview, self.month, self.count, self.year)


def parse_timeframe(text: str) -> Timeframe:
    """
    Read a stated timeframe.

    Args:
        text: What the employer said, such as "by the end of next week".

    Returns:
        The timeframe.

    Raises:
        TimeframeError: The text is not a timeframe this parser understands,
            or a duration longer than two years.

    >>> parse_timeframe("within 5 business days").unit
    'business_days'
    >>> parse_timeframe("by Friday").kind
    'weekday'
    """
    words = " ".join(text.lower().replace(",", " , ").split()).replace(" ,", ",")
    words = _TRAIL.sub("", _LEAD.sub("", words, count=1)).strip()
    for reader in (_duration, _weekday, _week_or_month, _date, _iso):
        found = reader(text, words)
        if found is not None:
            if found.kind == "duration" and found.calendar_days() > MAX_DAYS:
                raise TimeframeError(text, "a timeframe within two years")
            return found
    raise TimeframeError(text, f"a timeframe such as {EXAMPLES}")


def _duration(text: str, words: str) -> Timeframe | None:
    found = _DURATION.match(words)
    if not found:
        if words == "tomorrow":
            return Timeframe(text, "duration", 1, "days")
        if words in {"a week", "week", "a fortnight", "fortnight"}:
            return Timeframe(
                text, "duration", 2 if "fortnight" in words else 1, "weeks"
            )
        return None
    # A range such as "3-5 business days" means its upper end.
    number = found.group(2) or found.group(1)
    count = int(number) if number.isdigit() else _NUMBERS[number]
    return Timeframe(text, "duration", count, _UNITS[found.group(3)])


def _weekday(text: str, words: str) -> Timeframe | None:
    found = _WEEKDAY.match(words)
    if not found:
        return None
    later = (found.group(1) or "").strip() == "next"
    return Timeframe(text, "weekday", _WEEKDAYS[found.group(2)], later=later)


def _week_or_month(text: str, words: str) -> Timeframe | None:
    if found := _END_OF_WEEK.match(words):
        return Timeframe(text, "end_of_week", later=bool(found.group(1)))
    if _END_OF_MONTH.match(words):
        return Timeframe(text, "end_of_month")
    if found := _NEXT_MONTH.match(words):
        return Timeframe(text, "next_month", _MONTH_PARTS[found.group(1)])
    if words == "next month":
        return Timeframe(text, "next_month", -1)
    return None


def _date(text: str, words: str) -> Timeframe | None:
    found = _DATE.match(words)
    if not found:
        return None
    month = _MONTHS[found.group("m1") or found.group("m2")]
    day = int(found.group("d1") or found.group("d2"))
    year = int(found.group("year")) if found.group("year") else None
    # A day that no year has (February 30) is unreadable, not a guess.
    if day > (29 if month == 2 else calendar.monthrange(2001, month)[1]):
        return None
    return Timeframe(text, "date", day, month=month, year=year)


def _iso(text: str, words: str) -> Timeframe | None:
    try:
        day = datetime.date.fromisoformat(words)
    except ValueError:
        return None
    return Timeframe(text, "date", day.day, month=day.month, year=day.year)


def _after(
    start: datetime.date, count: int, unit: str, days: Calendar
) -> datetime.date:
    if unit == "business_days":
        return days.add(start, count) if count else start
    if unit == "weeks":
        return start + datetime.timedelta(weeks=count)
    if unit == "months":
        year, month = divmod(start.year * 12 + start.month - 1 + count, 12)
        last = calendar.monthrange(year, month + 1)[1]
        return datetime.date(year, month + 1, min(start.day, last))
    return start + datetime.timedelta(days=count)


def _month_day(year: int, month: int, day: int) -> datetime.date:
    """
    Return *day* of *month* (13 is January of the next year; -1 the last day).
    """
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, last if day < 0 else min(day, last))


def _next_date(
    after: datetime.date, month: int, day: int, year: int | None
) -> datetime.date:
    """
    Return the date *month*/*day* in *year*, or else the first after *after*.

    The first on or after *after*, that is: February 29 waits for a leap year.
    """
    if year is not None:
        return datetime.date(year, month, day)
    for candidate_year in range(after.year, after.year + 8):
        if day <= calendar.monthrange(candidate_year, month)[1]:
            candidate = datetime.date(candidate_year, month, day)
            if candidate >= after:
                return candidate
    raise ValueError(f"no {month}/{day} follows {after}")

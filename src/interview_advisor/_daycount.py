"""
Day counts: calendar or business days, with the holiday calendar.
"""

from __future__ import annotations

import datetime
import functools
import math
import warnings
from typing import Any, Final

import attrs

from ._locks import ForkSafeLock

#: Longest span, in days, that a day count may cover (two years).
MAX_DAYS: Final = 730
_ONE_DAY = datetime.timedelta(days=1)
#: Saturday and Sunday, as ``date.weekday()`` numbers them.
_WEEKEND = frozenset({5, 6})


#: Years of holidays kept: at about 1.7 KB each, a few megabytes at most.
HOLIDAY_CACHE: Final = 4096


@functools.lru_cache(maxsize=HOLIDAY_CACHE)
def _holidays(
    country: str, subdivision: str | None, year: int
) -> frozenset[datetime.date]:
    """
    Return the public holidays of *country* (and *subdivision*) in *year*.

    Empty for a year the holidays package has no data for (it warns, as for
    India outside 2001-2035): such a year counts weekends only.
    """
    import holidays  # noqa: PLC0415  # only dated situations with a country need it

    # catch_warnings swaps process-wide state: one thread at a time does.
    with _WARNINGS_LOCK, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = holidays.country_holidays(country, subdiv=subdivision, years=year)
    if any(issubclass(warning.category, UserWarning) for warning in caught):
        return frozenset()
    return frozenset(day for day in found if day.year == year)


_WARNINGS_LOCK = ForkSafeLock()


@functools.cache
def countries() -> dict[str, list[str]]:
    """
    Return the supported country codes with their subdivision codes.
    """
    import holidays  # noqa: PLC0415  # only checking a country needs it

    supported: dict[str, list[str]] = holidays.list_supported_countries()
    return supported


@attrs.frozen
class Calendar:
    """
    Which days are business days.

    Attributes:
        country: An ISO 3166-1 alpha-2 code whose public holidays are not
            business days, or None for weekends only.
        subdivision: A state or province code within *country*.
    """

    country: str | None = None
    subdivision: str | None = None

    def is_business_day(self, day: datetime.date) -> bool:
        """
        Tell whether *day* is neither a weekend day nor a public holiday.
        """
        if day.weekday() in _WEEKEND:
            return False
        return self.country is None or day not in _holidays(
            self.country, self.subdivision, day.year
        )

    def on_or_after(self, day: datetime.date) -> datetime.date:
        """
        Return *day* if it is a business day, else the next business day.
        """
        while not self.is_business_day(day):
            day += _ONE_DAY
        return day

    def on_or_before(self, day: datetime.date) -> datetime.date:
        """
        Return *day* if it is a business day, else the business day before.
        """
        while not self.is_business_day(day):
            day -= _ONE_DAY
        return day

    def add(self, day: datetime.date, count: int) -> datetime.date:
        """
        Return the business day *count* business days after *day*.

        With *count* 0 this is :meth:`on_or_after`.
        """
        day = self.on_or_after(day)
        for _ in range(count):
            day = self.on_or_after(day + _ONE_DAY)
        return day

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """
        Count the business days after *start*, up to and including *end*.

        Returns 0 when *end* is not after *start*.
        """
        days = (end - start).days
        if days <= 0:
            return 0
        # Whole weeks hold five weekdays each; the days left are counted.
        weeks, rest = divmod(days, 7)
        weekdays = 5 * weeks + sum(
            (start.weekday() + offset) % 7 not in _WEEKEND
            for offset in range(1, rest + 1)
        )
        return weekdays - len(self._weekday_holidays(start, end))

    def _weekday_holidays(
        self, start: datetime.date, end: datetime.date
    ) -> list[datetime.date]:
        """
        Return the holidays after *start*, up to *end*, that fall on weekdays.
        """
        if self.country is None:
            return []
        return [
            day
            for year in range(start.year, end.year + 1)
            for day in _holidays(self.country, self.subdivision, year)
            if start < day <= end and day.weekday() not in _WEEKEND
        ]


#: A span in each unit, in calendar days. Without dates no one knows which
#: days were weekends, so five business days are read as one calendar week.
_AS_CALENDAR_DAYS: Final = {
    "days": lambda n: n,
    "calendar_days": lambda n: n,
    "business_days": lambda n: n + 2 * (n // 5),
    "weeks": lambda n: 7 * n,
    "months": lambda n: 30 * n,
}
#: The same in business days: a calendar week holds five of them.
_AS_BUSINESS_DAYS: Final = {
    "days": lambda n: n - 2 * (n // 7),
    "calendar_days": lambda n: n - 2 * (n // 7),
    "business_days": lambda n: n,
    "weeks": lambda n: 5 * n,
}


@attrs.frozen
class DayCount:
    """
    How advice counts days: calendar days, or business days of a calendar.

    Undated advice counts calendar days; dated advice counts business days,
    weekends and the calendar's public holidays left out. Every span, figure
    and due date is counted through one of these, so the two counts cannot
    drift apart.

    Attributes:
        business: Whether business days are counted.
        calendar: Which days are business days.

    .. versionadded:: 0.2
    """

    business: bool = False
    calendar: Calendar = Calendar()

    def convert(self, value: int, unit: str) -> int:
        """
        Return *value* of *unit* in this count.

        Args:
            value: How many.
            unit: ``hours`` (rounded up to whole days), ``days`` or
                ``calendar_days``, ``business_days``, ``weeks``, ``months``
                (30 days; calendar count only) or ``count`` (left as it is).

        Raises:
            ValueError: *unit* has no size in this count.
        """
        if unit == "count":
            return value
        if unit == "hours":
            return math.ceil(value / 24)
        table = _AS_BUSINESS_DAYS if self.business else _AS_CALENDAR_DAYS
        if unit not in table:
            raise ValueError(f"{unit!r} cannot be counted in {self}")
        return int(table[unit](value))

    def span(self, start: datetime.date, end: datetime.date) -> int:
        """
        Return the days after *start*, up to and including *end*, in this count.
        """
        if self.business:
            return self.calendar.between(start, end)
        return (end - start).days

    def due(self, today: datetime.date, count: int) -> datetime.date:
        """
        Return the day *count* days after *today*, in this count.

        Counting business days, that is a business day: for *count* 0,
        today or the next business day; else *count* business days after
        the last business day up to today. On a weekend or a holiday no
        business day has passed since that day, so a count made then runs
        from it, and asking on a Saturday gives the dates asking on the
        Friday before does.
        """
        if not self.business:
            return today + datetime.timedelta(days=count)
        if count <= 0:
            return self.calendar.on_or_after(today)
        return self.calendar.add(self.calendar.on_or_before(today), count)


#: The count of undated advice.
CALENDAR_DAYS: Final = DayCount()


def check_region(country: Any, subdivision: Any) -> list[tuple[str, object, str]]:
    """
    Return what is wrong with a country and subdivision.

    Each problem is a (field, value, expected) triple; none when both are
    valid or absent.
    """
    if country is None:
        if subdivision is None:
            return []
        return [("subdivision", subdivision, "null unless a country is given")]
    known = countries()
    if country not in known:
        return [
            (
                "country",
                country,
                (
                    "an ISO 3166-1 alpha-2 code the holidays package supports, "
                    "such as US, GB, DE, FR"
                ),
            )
        ]
    if subdivision is not None and subdivision not in known[country]:
        accepted = ", ".join(known[country]) or "none for this country"
        return [("subdivision", subdivision, f"one of: {accepted}")]
    return []


#: The count of dated advice, weekends left out (holidays need a country).
BUSINESS_DAYS: Final = DayCount(business=True)

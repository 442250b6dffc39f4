"""
Business days: weekends and, for a named country, its public holidays.
"""

from __future__ import annotations

import datetime
import functools
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from collections.abc import Container

_ONE_DAY = datetime.timedelta(days=1)
#: Saturday and Sunday, as ``date.weekday()`` numbers them.
_WEEKEND = frozenset({5, 6})


@functools.cache
def _holidays(country: str, subdivision: str | None) -> Container[datetime.date]:
    """
    Return the public holidays of *country* (and *subdivision*), all years.
    """
    import holidays  # noqa: PLC0415  # only dated situations with a country need it

    return holidays.country_holidays(country, subdiv=subdivision)


@functools.cache
def countries() -> dict[str, list[str]]:
    """
    Return the supported country codes with their subdivision codes.
    """
    import holidays  # noqa: PLC0415

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
            self.country, self.subdivision
        )

    def on_or_after(self, day: datetime.date) -> datetime.date:
        """
        Return *day* if it is a business day, else the next business day.
        """
        while not self.is_business_day(day):
            day += _ONE_DAY
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
        count, day = 0, start
        while day < end:
            day += _ONE_DAY
            count += self.is_business_day(day)
        return count


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

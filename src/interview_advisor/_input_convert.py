"""
Converters for input models: turn what callers give into values to check.

Each leaves a value it cannot convert as it is, for the model's checks to
report together with every other problem.
"""

from __future__ import annotations

import datetime
import enum
from typing import TypeVar

_E = TypeVar("_E", bound=enum.Enum)


def member_or_raw(kind: type[_E], value: object) -> object:
    """
    Return *value* as a member of *kind* if it names one, else unchanged.

    Invalid values are left for the model's checks to report, so that every
    problem is reported at once.
    """
    # Every enum here is a StrEnum: only text can name a member. Anything else
    # is not looked up, since the lookup's error message holds its repr,
    # which raises for a huge integer or a deep nesting.
    if not isinstance(value, str):
        return value
    try:
        return kind(value)
    except ValueError:
        return value


def to_text(value: object) -> object:
    """
    Strip a string and read a blank one as not given.
    """
    if isinstance(value, str):
        return value.strip() or None
    return value


def to_date(value: object) -> object:
    """
    Read an ISO date (``2026-11-25``); leave anything else for the checks.
    """
    if isinstance(value, str) and len(value) == 10:  # YYYY-MM-DD
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def to_dates(value: object) -> object:
    """
    Turn a list of dates or ISO strings into a tuple of dates.
    """
    if isinstance(value, list | tuple):
        return tuple(to_date(item) for item in value)
    return value


def to_code(value: object) -> object:
    """
    Upper-case a country or subdivision code.
    """
    text = to_text(value)
    return text.upper() if isinstance(text, str) else text


def to_texts(value: object) -> object:
    """
    Turn a list of strings into a tuple of stripped strings.
    """
    if isinstance(value, list | tuple):
        return tuple(to_text(item) for item in value)
    return value

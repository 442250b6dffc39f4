"""
Field checks of the input model: each reports problems and gives its schema.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any, Final, Protocol

import attrs

from .exceptions import Problem

if TYPE_CHECKING:
    import enum
    from collections.abc import Callable

#: Most follow-ups a situation may report.
MAX_FOLLOW_UPS: Final = 10
#: Longest name, company or job title, in characters.
MAX_TEXT: Final = 200
#: Longest concern, in characters.
MAX_CONCERN: Final = 500
#: Most interviewers or concerns a situation may list.
MAX_ITEMS: Final = 20
#: The dates a situation may hold: far enough from the calendar's ends that
#: counting two years back or forward never leaves it.
MIN_DATE: Final = datetime.date(1900, 1, 1)
MAX_DATE: Final = datetime.date(2199, 12, 31)
_DATE_RANGE: Final = f"a date from {MIN_DATE} to {MAX_DATE}, written YYYY-MM-DD"

#: Control characters (Unicode Cc) and lone surrogates (Cs), which no text
#: may hold, as a character range both Python and JSON Schema read.
CONTROL_RANGE: Final = "\\u0000-\\u001f\\u007f-\\u009f\\ud800-\\udfff"
_CONTROL: Final = re.compile(f"[{CONTROL_RANGE}]")
_NO_CONTROL: Final = f"^[^{CONTROL_RANGE}]*$"
#: The same, with at least one character that is not white space.
_NOT_BLANK: Final = f"^[^{CONTROL_RANGE}]*[^\\s{CONTROL_RANGE}][^{CONTROL_RANGE}]*$"
#: The longest email address, in characters (RFC 5321's path limit).
MAX_EMAIL: Final = 254
#: A character of an email address: none that would need quoting in an
#: address or a header, no space and no control character.
_EMAIL_CHAR: Final = f'[^@\\s<>()\\[\\],;:"\\\\{CONTROL_RANGE}]'
#: An address as ``local@domain.tld``.
_EMAIL_PATTERN: Final = f"^{_EMAIL_CHAR}+@{_EMAIL_CHAR}+\\.{_EMAIL_CHAR}+$"
_EMAIL: Final = re.compile(_EMAIL_PATTERN)
_EMAIL_EXPECTED: Final = (
    f"null or an email address such as name@example.com "
    f"(at most {MAX_EMAIL} characters, no spaces)"
)
#: The JSON Schema of a date written YYYY-MM-DD.
DATE_SCHEMA: Final = {
    "type": "string",
    "format": "date",
    # The years of MIN_DATE to MAX_DATE, so the schema bounds them too.
    "pattern": "^(19|2[01])\\d{2}-\\d{2}-\\d{2}$",
}


@attrs.frozen
class Choice:
    """
    A member of an enum.

    Attributes:
        kind: The enum.
    """

    kind: type[enum.Enum]

    def problems(self, name: str, value: object) -> list[Problem]:
        """
        Return what is wrong with *value* as field *name*.
        """
        if isinstance(value, self.kind):
            return []
        values = [str(member.value) for member in self.kind]
        close = closest(value, values) if isinstance(value, str) else None
        guess = f" (did you mean {close!r}?)" if close else ""
        return [Problem(name, value, f"one of: {', '.join(values)}{guess}")]

    def schema(self) -> dict[str, Any]:
        """
        Return the JSON Schema of the values this check accepts.
        """
        return {"enum": [member.value for member in self.kind]}


@attrs.frozen
class Count:
    """
    A whole number from *least* to *most*; None too when *optional*.

    Attributes:
        most: The largest accepted.
        optional: Whether None is accepted.
        say_null: Whether the message names null; a day count that dates
            can give is left out, not null, so it does not.
        least: The smallest accepted.
    """

    most: int
    optional: bool = False
    say_null: bool = True
    least: int = 0

    def problems(self, name: str, value: object) -> list[Problem]:
        """
        Return what is wrong with *value* as field *name*.
        """
        if value is None and self.optional:
            return []
        # bool is a subclass of int, but True is not a day count.
        if type(value) is int and self.least <= value <= self.most:
            return []
        null = "null or " if self.optional and self.say_null else ""
        span = f"from {self.least} to {self.most}"
        return [Problem(name, value, f"{null}a whole number {span}")]

    def schema(self) -> dict[str, Any]:
        """
        Return the JSON Schema of the values this check accepts.
        """
        kind = ["integer", "null"] if self.optional else "integer"
        return {"type": kind, "minimum": self.least, "maximum": self.most}


@attrs.frozen
class Flag:
    """
    True or false.
    """

    def problems(self, name: str, value: object) -> list[Problem]:
        """
        Return what is wrong with *value* as field *name*.
        """
        if isinstance(value, bool):
            return []
        return [Problem(name, value, "true or false")]

    def schema(self) -> dict[str, Any]:
        """
        Return the JSON Schema of the values this check accepts.
        """
        return {"type": "boolean"}


@attrs.frozen
class Text:
    """
    None, or a text of at most *longest* characters without control characters.

    Attributes:
        longest: The most characters accepted.
    """

    longest: int

    def problems(self, name: str, value: object) -> list[Problem]:
        """
        Return what is wrong with *value* as field *name*.
        """
        if value is None or (isinstance(value, str) and _is_clean(value, self.longest)):
            return []
        expected = (
            f"null or text of at most {self.longest} characters "
            "without control characters"
        )
        return [Problem(name, value, expected)]

    def schema(self) -> dict[str, Any]:
        """
        Return the JSON Schema of the values this check accepts.
        """
        return {
            "type": ["string", "null"],
            "maxLength": self.longest,
            "pattern": _NO_CONTROL,
        }


@attrs.frozen
class Name:
    """
    A non-blank text of at most *longest* characters without control characters.

    Converters strip texts and read a blank one as None, so a blank name
    arrives here as None and is rejected.

    Attributes:
        longest: The most characters accepted.
    """

    longest: int

    @property
    def expected(self) -> str:
        """
        What this check accepts, as a problem says it.
        """
        return (
            f"non-blank text of at most {self.longest} characters "
            "without control characters"
        )

    def problems(self, name: str, value: object) -> list[Problem]:
        """
        Return what is wrong with *value* as field *name*.
        """
        if isinstance(value, str) and _is_clean(value, self.longest):
            return []
        return [Problem(name, value, self.expected)]

    def schema(self) -> dict[str, Any]:
        """
        Return the JSON Schema of the values this check accepts.
        """
        return {"type": "string", "maxLength": self.longest, "pattern": _NOT_BLANK}


@attrs.frozen
class Texts:
    """
    A list of at most ``MAX_ITEMS`` non-blank texts of *longest* characters.

    Attributes:
        longest: The most characters accepted in each text.
    """

    longest: int

    def problems(self, name: str, value: object) -> list[Problem]:
        """
        Return what is wrong with *value* as field *name*, item by item.
        """
        return list_problems(name, value, Name(self.longest).problems, "texts")

    def schema(self) -> dict[str, Any]:
        """
        Return the JSON Schema of the values this check accepts.
        """
        item = Name(self.longest).schema()
        return {"type": "array", "items": item, "maxItems": MAX_ITEMS}


@attrs.frozen
class Email:
    """
    None, or an email address of at most ``MAX_EMAIL`` characters.

    .. versionadded:: 0.2
    """

    def problems(self, name: str, value: object) -> list[Problem]:
        """
        Return what is wrong with *value* as field *name*.
        """
        if value is None or (isinstance(value, str) and is_email(value)):
            return []
        return [Problem(name, value, _EMAIL_EXPECTED)]

    def schema(self) -> dict[str, Any]:
        """
        Return the JSON Schema of the values this check accepts.
        """
        return {
            "type": ["string", "null"],
            "format": "email",
            "maxLength": MAX_EMAIL,
            "pattern": _EMAIL_PATTERN,
        }


def is_email(text: str) -> bool:
    """
    Tell whether *text* is an address a ``mailto:`` link can carry.
    """
    return len(text) <= MAX_EMAIL and _EMAIL.fullmatch(text) is not None


@attrs.frozen
class Date:
    """
    None, or a date from ``MIN_DATE`` to ``MAX_DATE``.
    """

    def problems(self, name: str, value: object) -> list[Problem]:
        """
        Return what is wrong with *value* as field *name*.
        """
        if value is None or _is_date(value):
            return []
        return [Problem(name, value, f"null or {_DATE_RANGE}")]

    def schema(self) -> dict[str, Any]:
        """
        Return the JSON Schema of the values this check accepts.
        """
        return {**DATE_SCHEMA, "type": ["string", "null"]}


@attrs.frozen
class Dates:
    """
    A list of at most ``MAX_FOLLOW_UPS`` dates.
    """

    def problems(self, name: str, value: object) -> list[Problem]:
        """
        Return what is wrong with *value* as field *name*, item by item.
        """
        return list_problems(name, value, _date_problems, "dates", MAX_FOLLOW_UPS)

    def schema(self) -> dict[str, Any]:
        """
        Return the JSON Schema of the values this check accepts.
        """
        return {"type": "array", "items": dict(DATE_SCHEMA), "maxItems": MAX_FOLLOW_UPS}


def closest(text: str, names: list[str] | tuple[str, ...]) -> str | None:
    """
    Return the one name *text* was probably meant as, if any.

    Case, spaces and dashes are forgiven, a unique name starting with
    *text* is found, and otherwise a close spelling.

    >>> closest("SECOND_INTERVIEW", ["applied", "second_interview"])
    'second_interview'
    >>> closest("second", ["second_interview", "final_interview"])
    'second_interview'
    """
    if len(text) > _LONGEST_GUESSED:  # no name is that long: not worth a look
        return None
    key = "_".join(text.strip().lower().replace("-", " ").split())
    starting = [name for name in names if key and name.startswith(key)]
    if len(starting) == 1:
        return starting[0]
    import difflib  # noqa: PLC0415  # only bad input needs it

    close = difflib.get_close_matches(key, names, n=1)
    return close[0] if close else None


#: difflib's ratio is at most 2 * shorter / (both lengths) and its cutoff is
#: 0.6, so a text this long matches no field name or value.
_LONGEST_GUESSED: Final = 100


class Check(Protocol):
    """
    What every check does: report the problems of a value, give its schema.
    """

    def problems(self, name: str, value: object) -> list[Problem]:
        """
        Return what is wrong with *value* as field *name*.
        """

    def schema(self) -> dict[str, Any]:
        """
        Return the JSON Schema of the values this check accepts.
        """


def list_problems(
    name: str,
    value: object,
    item: Callable[[str, object], list[Problem]],
    kind: str,
    most: int = MAX_ITEMS,
) -> list[Problem]:
    """
    Return what is wrong with the list *value*: its size, or its items.

    Args:
        name: The field.
        value: The field's value; a list arrives as a tuple.
        item: The check of one item, given its path (``name[2]``).
        kind: What the items are, for the message (``texts``).
        most: The most items accepted.
    """
    if not isinstance(value, tuple) or len(value) > most:
        return [Problem(name, value, f"a list of at most {most} {kind}")]
    return [
        problem
        for index, entry in enumerate(value)
        for problem in item(f"{name}[{index}]", entry)
    ]


def _date_problems(name: str, value: object) -> list[Problem]:
    return [] if _is_date(value) else [Problem(name, value, _DATE_RANGE)]


def _is_clean(text: str, longest: int) -> bool:
    """
    Tell whether *text* is short enough and free of control characters.
    """
    return len(text) <= longest and _CONTROL.search(text) is None


def _is_date(value: object) -> bool:
    # datetime is a date too, but a time of day has no place here.
    return type(value) is datetime.date and MIN_DATE <= value <= MAX_DATE

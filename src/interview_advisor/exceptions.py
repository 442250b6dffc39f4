"""
Every error interview_advisor raises on purpose.
"""

from __future__ import annotations

import datetime
import enum
import itertools
import json
import math
import reprlib
from typing import TYPE_CHECKING, Final

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable


#: The most characters of a key or value that a message reflects.
MAX_SHOWN: Final = 80
#: The most problems a message lists; the rest are counted.
MAX_LISTED: Final = 20


class _NotGiven(enum.Enum):
    """
    Marks a required field that the caller did not give.
    """

    MISSING = "missing"

    def __repr__(self) -> str:
        return "nothing (the field is required)"


#: The value of a required field left out.
MISSING: Final = _NotGiven.MISSING


class InterviewAdvisorError(Exception):
    """
    Base class of every error raised by interview_advisor.
    """


@attrs.frozen
class Problem:
    """
    One thing wrong with an input.

    Its attributes keep what was given, whole; its text shows at most
    ``MAX_SHOWN`` characters of the field and of the value, and says "was
    not given" for a value left out, null or blank.

    Attributes:
        field: The field (or key) at fault; ``"situation"`` for the whole input.
        value: The offending value, as given.
        expected: What would have been accepted.
    """

    field: str
    value: object
    expected: str

    def __str__(self) -> str:
        """
        Return ``field: got <value>, expected <what is accepted>``.
        """
        got = f"got {show(self.value)}"
        if not_given(self.value):
            required = self.value is MISSING
            got = "was not given (it is required)" if required else "was not given"
        return f"{show_key(self.field)}: {got}, expected {self.expected}"

    def to_dict(self) -> dict[str, object]:
        """
        Return the problem as JSON-ready data: its field, value and expected.

        The value is as given (a date as ``YYYY-MM-DD``, null when not
        given), or its text from :func:`show` when it is too big or not
        JSON.
        """
        return {
            "field": show_key(self.field),
            "value": None if not_given(self.value) else jsonable(self.value),
            "expected": self.expected,
        }


class InvalidSituationError(InterviewAdvisorError, ValueError):
    """
    A situation was rejected; ``problems`` lists everything wrong with it.

    The message lists the first ``MAX_LISTED`` problems and counts the rest,
    so it stays a few kilobytes whatever the input.

    Args:
        problems: Every problem found, in field order.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(
            f"invalid situation ({_count(len(self.problems), 'problem')}): "
            + "; ".join(str(p) for p in self.problems[:MAX_LISTED])
            + _rest(len(self.problems))
        )


class InvalidRecordError(InvalidSituationError):
    """
    A record of a batch is not a valid situation, and errors are fatal.

    Its message starts with the record's number; its ``problems`` are the
    record's.

    Args:
        number: The record's number, from 1.
        error: What is wrong with the record.

    Attributes:
        number: The record's number, from 1.

    .. versionchanged:: 0.2
       Importable from ``interview_advisor.exceptions`` too.
    """

    def __init__(self, number: int, error: InvalidSituationError) -> None:
        super().__init__(error.problems)
        self.number = number
        # The message of InvalidSituationError, prefixed once: args stays the
        # one message the base class set, so pickling and str() agree.
        self._prefixed = f"{number}: {error}"

    def __str__(self) -> str:
        """
        Return the record's number, then what is wrong with it.
        """
        return self._prefixed


class UnreadableFileError(InterviewAdvisorError, ValueError):
    """
    A file of applications cannot be read at all, so no record of it is.

    The message names the file, the line when known, and what was expected:
    a JSON or TOML syntax error, a CSV column no situation has, a file
    that is not UTF-8. A bad record in a readable file is not this error.

    Attributes:
        path: The file.
        line: The line at fault, from 1, when known.

    .. versionadded:: 0.2
    """

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = path if line is None else f"{path}:{line}"
        super().__init__(f"{where}: {message}")


class InvalidSettingError(InterviewAdvisorError, ValueError):
    """
    A setting was refused.

    An :class:`~interview_advisor.Advisor`'s tone, or ``advise_many``'s
    ``on_error``.

    .. versionchanged:: 0.2
       Also raised for an unknown ``on_error``.
    """


class EngineUnavailableError(InterviewAdvisorError, ImportError):
    """
    The rule engine cannot run here.

    durable-rules is missing, is another release than the supported one, or
    its C core does not load. The message names what failed, the Python
    version and what to do.

    .. versionadded:: 0.2
    """


class ClosedAdvisorError(InterviewAdvisorError, ValueError):
    """
    An :class:`~interview_advisor.Advisor` was used after ``close()``.

    .. versionadded:: 0.2
    """


class NoOriginError(InterviewAdvisorError, ValueError):
    """
    An advice made by hand, not by an advisor, was asked to explain itself.

    .. versionadded:: 0.2
    """


class ScenarioError(InterviewAdvisorError, ValueError):
    """
    A scenario file cannot be read, or a scenario in it is malformed.

    The message names the file, the scenario and what is wrong.

    .. versionadded:: 0.3
    """


class RulePackError(InterviewAdvisorError):
    """
    A rule pack or template set is broken, or a rule failed while running.

    Args:
        message: What is wrong.
        file: The file at fault, if known.
        rule_id: The rule at fault, if known.
        line: The line in *file*, if known.
        problems: Every problem, when this error reports several; otherwise
            ``problems`` holds just this error.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        rule_id: str | None = None,
        line: int | None = None,
        problems: Iterable[RulePackError] = (),
    ) -> None:
        self.file = file
        self.rule_id = rule_id
        self.line = line
        self.problems: tuple[RulePackError, ...] = tuple(problems) or (self,)
        where = ":".join(str(part) for part in (file, line) if part is not None)
        prefix = " ".join(
            part for part in (where, f"rule {rule_id!r}" if rule_id else "") if part
        )
        super().__init__(f"{prefix}: {message}" if prefix else message)

    @classmethod
    def of(cls, problems: Iterable[RulePackError]) -> RulePackError:
        """
        Return one error that reports every one of *problems*.

        ``problems`` keeps them all; the message lists the first
        ``MAX_LISTED`` and counts the rest, so it stays short.
        """
        found = tuple(problems)
        details = "; ".join(str(problem) for problem in found[:MAX_LISTED])
        return cls(
            f"{_count(len(found), 'problem')}: {details}{_rest(len(found))}",
            problems=found,
        )


def not_given(value: object) -> bool:
    """
    Tell whether *value* stands for a field left out: missing, null or blank.
    """
    return (
        value is None
        or value is MISSING
        or (isinstance(value, str) and not value.strip())
    )


def given(value: object) -> object:
    """
    Return *value* as a caller gave it: dates as text, lists as lists.

    Converters turn ``"2026-11-30"`` into a date and lists into tuples; a
    message shows what the caller wrote.
    """
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, enum.Enum) and value is not MISSING:
        return value.value
    if isinstance(value, tuple):
        # One level: the lists of dates and names a situation holds.
        return [
            item.isoformat() if isinstance(item, datetime.date) else item
            for item in value
        ]
    return value


def jsonable(value: object) -> object:
    """
    Return *value* as given when JSON holds it in a few characters, else its text.
    """
    value = given(value)
    if isinstance(value, str) and len(value) > MAX_SHOWN:
        return value[:MAX_SHOWN] + "\N{HORIZONTAL ELLIPSIS}"
    if value is None or isinstance(value, str | bool) or _exact_number(value):
        return value
    if isinstance(value, list | dict) and len(value) <= MAX_LISTED:
        try:
            text = json.dumps(value, allow_nan=False)
        except (TypeError, ValueError, RecursionError):
            return show(value)
        return value if len(text) <= MAX_SHOWN else show(value)
    return show(value)


def _exact_number(value: object) -> bool:
    # Integers beyond 2**53 lose digits in JavaScript's JSON.
    if isinstance(value, int):
        return abs(value) < 2**53
    return isinstance(value, float) and math.isfinite(value)


def show(value: object) -> str:
    """
    Return a printable rendering of *value* of about ``MAX_SHOWN`` characters.

    A longer value is cut, with its length noted. No value makes this raise:
    not a huge integer, a deep nesting, nor a failing ``__repr__``.
    """
    value = given(value)
    if isinstance(value, str):
        return _cut(value)
    try:
        text = _REPR.repr(value)
    except Exception:  # noqa: BLE001  # any object's __repr__ may fail
        text = f"<{type(value).__name__}>"
    if len(text) <= MAX_SHOWN:
        return text
    size = f" ({_count(len(value), 'item')})" if isinstance(value, _SIZED) else ""
    return f"{text[:MAX_SHOWN]}\N{HORIZONTAL ELLIPSIS}{size}"


def show_key(key: str) -> str:
    """
    Return a field name as it is, or quoted and cut when it is long or odd.
    """
    # Lone surrogates, control characters and the like are escaped by repr.
    return key if key.isprintable() and len(key) <= MAX_SHOWN else _cut(key)


def listed(problems: tuple[Problem, ...]) -> tuple[tuple[Problem, ...], int]:
    """
    Return the problems a message or record lists, and how many are left out.
    """
    return problems[:MAX_LISTED], max(0, len(problems) - MAX_LISTED)


def _cut(text: str) -> str:
    """
    Return the repr of *text*, cut to ``MAX_SHOWN`` characters with its length.
    """
    if len(text) <= MAX_SHOWN:
        return repr(text)
    quoted = repr(text[:MAX_SHOWN])
    size = _count(len(text), "character")
    return f"{quoted[:-1]}\N{HORIZONTAL ELLIPSIS}{quoted[-1]} ({size})"


def _count(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _rest(count: int) -> str:
    left_out = count - MAX_LISTED
    return f"; and {_count(left_out, 'more problem')}" if left_out > 0 else ""


class _Repr(reprlib.Repr):
    """
    A ``reprlib.Repr`` that shows huge integers by their size.
    """

    def repr_int(self, x: int, level: int) -> str:
        # str() of more than 4,300 digits raises; the size says enough.
        if x.bit_length() > _MAX_INT_BITS:
            digits = int(x.bit_length() * _DIGITS_PER_BIT)
            return f"<an integer of about {digits:,} digits>"
        return super().repr_int(x, level)

    def repr_dict(self, x: dict[object, object], level: int) -> str:
        # reprlib sorts every key first: slow for a huge mapping.
        if not x:
            return "{}"
        if level <= 0:
            return "{...}"
        pieces = [
            f"{self.repr1(key, level - 1)}: {self.repr1(value, level - 1)}"
            for key, value in itertools.islice(x.items(), self.maxdict)
        ]
        return "{" + ", ".join(pieces) + (", ...}" if len(x) > self.maxdict else "}")


_MAX_INT_BITS: Final = 14_000  # about 4,200 digits
_DIGITS_PER_BIT: Final = 0.30103  # log10(2)
_REPR: Final = _Repr()
# Three levels deep is enough to recognise a value, and never recurses far.
_REPR.maxlevel = 3
_REPR.maxstring = _REPR.maxother = _REPR.maxlong = MAX_SHOWN
_SIZED: Final = (list, tuple, dict, set, frozenset)

"""
Batches: advice for many situations, streamed, one result per record.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from ._advisor import Advisor, default_advisor
from .exceptions import (
    InvalidRecordError,
    InvalidSettingError,
    InvalidSituationError,
    Problem,
    listed,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import IO

    from ._advisor import Advisor
    from ._output_advice import Advice


@attrs.frozen
class BatchResult:
    """
    The outcome of one record of a batch.

    Attributes:
        number: The record's number, from 1: its line in a JSON Lines file.
        advice: The advice, when the record was a valid situation.
        error: Why it was not, otherwise.
    """

    number: int
    advice: Advice | None = None
    error: InvalidSituationError | None = None

    def to_dict(self) -> dict[str, Any]:
        """
        Return the result as JSON-ready data: the advice, or the problems.

        Like the error's message, it lists at most ``MAX_LISTED`` problems,
        each key and value cut to ``MAX_SHOWN`` characters; ``more_problems``
        counts the rest, when there are more.
        """
        if self.error is None:
            assert self.advice is not None  # noqa: S101  # one of the two is set
            return {"number": self.number, "advice": self.advice.to_dict()}
        problems, rest = listed(self.error.problems)
        found: dict[str, Any] = {
            "number": self.number,
            "error": str(self.error),
            "problems": [problem.to_dict() for problem in problems],
        }
        return found | ({"more_problems": rest} if rest else {})


def advise_many(
    situations: Iterable[object],
    *,
    on_error: Literal["skip", "raise"] = "skip",
    advisor: Advisor | None = None,
) -> Iterator[BatchResult]:
    """
    Advise on each situation in turn, yielding results as they come.

    Args:
        situations: Situations or mappings; any iterable, consumed lazily.
        on_error: ``skip`` yields a result with the error for an invalid
            record and goes on; ``raise`` raises :class:`InvalidRecordError`
            at the first one, after every good record before it was yielded.
        advisor: The advisor to use; the default one if None.

    Yields:
        One :class:`BatchResult` per record, in order.

    Raises:
        InvalidRecordError: With ``on_error="raise"``, for the first invalid
            record.
        InvalidSettingError: *on_error* is neither ``skip`` nor ``raise``.

    .. versionchanged:: 0.2
       An unknown *on_error* raises :class:`InvalidSettingError` (still a
       ``ValueError``).

    >>> results = list(advise_many([
    ...     {"stage": "applied", "days_since_interview": 3},
    ...     {"stage": "hired"},
    ... ]))
    >>> [(r.number, r.advice is not None, r.error is not None) for r in results]
    [(1, True, False), (2, False, True)]
    """
    if on_error not in {"skip", "raise"}:
        raise InvalidSettingError(
            f"on_error: got {on_error!r}, expected 'skip' or 'raise'"
        )
    return _advise_numbered(enumerate(situations, start=1), on_error, advisor)


def advise_json_lines(
    lines: Iterable[tuple[int, str | bytes]], *, advisor: Advisor | None = None
) -> list[dict[str, Any]]:
    """
    Advise on numbered JSON lines, returning each result's JSON form.

    Made for parallel batches, such as ``dask.bag.map_partitions``: the
    numbers travel with the lines, so results name the right line wherever
    they were computed, and a bad line is a result, never a lost partition.

    Args:
        lines: ``(line number, JSON text)`` pairs; text as bytes is decoded
            as UTF-8, line by line.
        advisor: The advisor to use; the default one if None.

    Returns:
        One :meth:`BatchResult.to_dict` per non-blank line, in order.

    .. versionchanged:: 0.2
       Lines may be bytes; no line, however malformed, makes it raise.

    >>> [r["number"] for r in advise_json_lines([(7, '{"stage": "applied",'
    ...     ' "days_since_interview": 1}'), (8, b"oops")])]
    [7, 8]
    """
    numbered = ((number, _parse(text)) for number, text in lines)
    return [result.to_dict() for result in _advise_numbered(numbered, "skip", advisor)]


def _advise_numbered(
    numbered: Iterable[tuple[int, object]],
    on_error: str,
    advisor: Advisor | None,
) -> Iterator[BatchResult]:
    if advisor is None:
        advisor = default_advisor()
    for number, situation in numbered:
        # Counted but not advised: numbers stay the file's line numbers.
        if situation is _BLANK:
            continue
        try:
            if isinstance(situation, _UnreadableLine):
                raise situation.error()  # reported like any bad record
            yield BatchResult(number, advice=advisor.advise(situation))
        except InvalidSituationError as error:
            if on_error == "raise":
                raise InvalidRecordError(number, error) from None
            yield BatchResult(number, error=error)


@attrs.frozen
class _UnreadableLine:
    """
    A line of a JSON Lines file that is not JSON: never a valid situation.
    """

    text: str
    reason: str

    def error(self) -> InvalidSituationError:
        return InvalidSituationError(
            [Problem("line", self.text, f"a JSON object ({self.reason})")]
        )


#: Stands for a blank line: counted, so numbers stay line numbers, not advised.
_BLANK: Final = object()


def read_jsonl(stream: IO[str] | IO[bytes]) -> Iterator[object]:
    """
    Yield the value of each line of a JSON Lines *stream*.

    A blank line yields a marker that :func:`advise_many` counts but skips,
    so that record numbers are line numbers. A binary stream is decoded
    line by line, so a line that is not UTF-8 is one bad record.
    """
    for line in stream:
        yield _parse(line)


def _parse(raw: str | bytes) -> object:
    """
    Return the value of one JSON line, or what stands for a blank or bad one.
    """
    try:
        line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as error:
        shown = error.object.decode("utf-8", "backslashreplace").strip()
        return _UnreadableLine(shown, f"not UTF-8 at byte {error.start + 1}")
    if not line.strip():
        return _BLANK
    try:
        return json.loads(line)
    except json.JSONDecodeError as error:
        return _UnreadableLine(line.strip(), error.msg)
    # The json module's own limits: Python's on digits, and the stack's.
    except ValueError:
        return _UnreadableLine(line.strip(), "an integer has over 4,300 digits")
    except RecursionError:
        return _UnreadableLine(line.strip(), "nesting too deep")

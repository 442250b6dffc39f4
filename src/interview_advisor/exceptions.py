"""
Every error interview_advisor raises on purpose.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable


class InterviewAdvisorError(Exception):
    """
    Base class of every error raised by interview_advisor.
    """


@attrs.frozen
class Problem:
    """
    One thing wrong with an input.

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
        return f"{self.field}: got {_show(self.value)}, expected {self.expected}"


class InvalidSituationError(InterviewAdvisorError, ValueError):
    """
    A situation was rejected; ``problems`` lists everything wrong with it.

    Args:
        problems: Every problem found, in field order.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        details = "; ".join(str(p) for p in self.problems)
        super().__init__(f"invalid situation ({count} {noun}): {details}")


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
        """
        found = tuple(problems)
        details = "; ".join(str(problem) for problem in found)
        return cls(f"{len(found)} problems: {details}", problems=found)


def _show(value: object) -> str:
    """
    Return a short, printable rendering of *value* for an error message.
    """
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."

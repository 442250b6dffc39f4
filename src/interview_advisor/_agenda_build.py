"""
Making an agenda: every application advised, in processes when there are many.
"""

from __future__ import annotations

import datetime
import functools
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final, Literal

from ._advisor import default_advisor
from ._agenda import Agenda, Day, Entry, urgency
from ._agenda_application import Advised, Rejected, advise_one
from ._agenda_read import read_applications
from ._batch import BatchResult
from ._input_convert import to_date
from ._processes import can_fork, cores, fork_map
from .exceptions import (
    InvalidRecordError,
    InvalidSettingError,
    InvalidSituationError,
    Problem,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ._advisor import Advisor

#: The most days ahead an agenda looks.
MAX_DAYS_AHEAD: Final = 366
#: From how many applications an agenda uses every core by default: below
#: it, starting processes costs more than it saves.
PARALLEL_FROM: Final = 2_000
#: The most processes an agenda is given.
MAX_PROCESSES: Final = 64


def agenda(  # noqa: PLR0913  # settings, every one a keyword
    applications: str | os.PathLike[str] | Iterable[object] | Mapping[str, object],
    *,
    today: datetime.date | str | None = None,
    days: int = 7,
    on_error: Literal["raise", "skip"] = "raise",
    advisor: Advisor | None = None,
    processes: int | None = None,
) -> Agenda:
    """
    Return the agenda of *applications* for *today*.

    Args:
        applications: A file of applications (``.json``, ``.jsonl``,
            ``.csv`` or ``.toml``; docs/agenda.md), a mapping of ids to
            applications, or an iterable of applications. An application
            is a :class:`Situation`, a :class:`Timeline` (in a mapping of
            ids), or a mapping of situation fields with an optional ``id``
            and, for a timeline, ``events``. Its id defaults to its
            company and job title.
        today: The date of the agenda (default: the local date); every
            application is advised as of it.
        days: How many days after today the coming days cover.
        on_error: ``raise`` raises :class:`InvalidRecordError` at the first
            invalid application; ``skip`` lists it in ``skipped``.
        advisor: The advisor to use; the default one if None.
        processes: How many forked processes advise, each on a part of
            the applications; None for one per core from
            ``PARALLEL_FROM`` applications on. Only Linux forks them;
            elsewhere this process advises on all. The agenda is the same
            for any number.

    Raises:
        InvalidRecordError: An application is invalid, with ``raise``.
        InvalidSettingError: *today*, *days*, *on_error* or *processes*
            is not valid.
        UnreadableFileError: The file cannot be read at all.
    """
    day = _checked_settings(today, days, on_error)
    _check_processes(processes)
    records = list(_numbered(applications))
    work = functools.partial(
        advise_one, day=day, days=days, advisor=advisor or default_advisor()
    )
    if processes is None:
        processes = cores() if len(records) >= PARALLEL_FROM else 1
    outcomes = (
        fork_map(work, records, processes)
        if processes > 1 and can_fork()
        else map(work, records)
    )
    seen: dict[str, int] = {}
    advised: list[Advised] = []
    skipped: list[BatchResult] = []
    for outcome in outcomes:
        try:
            advised.append(_unique(outcome, seen))
        except InvalidSituationError as error:
            if on_error == "raise":
                raise InvalidRecordError(outcome.number, error) from None
            skipped.append(BatchResult(outcome.number, error=error))
    return _assemble(day, days, advised, tuple(skipped))


def _unique(outcome: Advised | Rejected, seen: dict[str, int]) -> Advised:
    """
    Return an advised application, noting its id; one seen before is a problem.

    Raises:
        InvalidSituationError: The application was rejected, or has the id
            of an earlier one.
    """
    if isinstance(outcome, Rejected):
        raise InvalidSituationError(outcome.problems)
    status = outcome.status
    earlier = seen.setdefault(status.id, status.number)
    if earlier != status.number:
        expected = f"an id no other application has (record {earlier} has it)"
        raise InvalidSituationError([Problem("id", status.id, expected)])
    return outcome


def _checked_settings(today: object, days: object, on_error: object) -> datetime.date:
    """
    Return the agenda's date, once its settings are checked.
    """
    day = datetime.date.today() if today is None else to_date(today)  # noqa: DTZ011  # the local date
    if type(day) is not datetime.date:
        raise InvalidSettingError(
            f"today: got {today!r}, expected a date or YYYY-MM-DD"
        )
    if type(days) is not int or not 0 <= days <= MAX_DAYS_AHEAD:
        raise InvalidSettingError(
            f"days: got {days!r}, expected a whole number from 0 to {MAX_DAYS_AHEAD}"
        )
    if on_error not in {"raise", "skip"}:
        raise InvalidSettingError(
            f"on_error: got {on_error!r}, expected 'raise' or 'skip'"
        )
    return day


def _check_processes(processes: object) -> None:
    if processes is not None and (
        type(processes) is not int or not 1 <= processes <= MAX_PROCESSES
    ):
        raise InvalidSettingError(
            f"processes: got {processes!r}, expected None or a whole number "
            f"from 1 to {MAX_PROCESSES}"
        )


def _numbered(
    applications: str | os.PathLike[str] | Iterable[object] | Mapping[str, object],
) -> Iterable[tuple[int, object, object]]:
    """
    Yield each application with its number and the id it was given under.
    """
    if isinstance(applications, str | os.PathLike):
        return ((n, record, None) for n, record in read_applications(applications))
    if isinstance(applications, Mapping):
        return (
            (n, record, key)
            for n, (key, record) in enumerate(applications.items(), start=1)
        )
    return ((n, record, None) for n, record in enumerate(applications, start=1))


def _assemble(
    day: datetime.date,
    days: int,
    advised: list[Advised],
    skipped: tuple[BatchResult, ...],
) -> Agenda:
    """
    Put the advised applications' steps in their days and order.
    """
    advised.sort(key=lambda result: (result.status.id.casefold(), result.status.id))
    entries = sorted((e for result in advised for e in result.entries), key=urgency)
    by_day: dict[datetime.date, list[Entry]] = {}
    for entry in entries:
        by_day.setdefault(max(entry.due, day), []).append(entry)
    busy = {entry.application for entry in entries}
    return Agenda(
        today=day,
        days=days,
        due=tuple(by_day.pop(day, ())),
        coming=tuple(Day(date, tuple(by_day[date])) for date in sorted(by_day)),
        idle=tuple(r.status.id for r in advised if r.status.id not in busy),
        applications=tuple(result.status for result in advised),
        plans=tuple(result.plan for result in advised),
        skipped=skipped,
    )

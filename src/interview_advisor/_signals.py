"""
The signals of a situation: exactly the values the rules read.

Names, companies and other personal details are not signals; they only
reach the rendering step, so two people in the same position get the same
conclusions.
"""

from __future__ import annotations

import datetime
import enum
import operator
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._enums import EmployerResponse, Seniority, Stage

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._daycount import DayCount
    from ._input_situation import Situation


@attrs.frozen
class SignalSpec:
    """
    What a rule may say about one signal.

    Attributes:
        kind: ``"choice"``, ``"count"`` or ``"flag"``.
        optional: Whether the signal can be absent.
        choices: The accepted values of a ``"choice"`` signal.
    """

    kind: str
    optional: bool = False
    choices: tuple[str, ...] = ()


def _choice(kind: type[Stage | EmployerResponse | Seniority]) -> SignalSpec:
    return SignalSpec("choice", choices=tuple(member.value for member in kind))


#: Every signal a rule may name, with what it holds.
SIGNALS: Final[dict[str, SignalSpec]] = {
    "stage": _choice(Stage),
    "days_since_interview": SignalSpec("count"),
    "stated_timeframe_days": SignalSpec("count", optional=True),
    "employer_response": _choice(EmployerResponse),
    "thank_you_sent": SignalSpec("flag"),
    "follow_ups_sent": SignalSpec("count"),
    "days_since_last_follow_up": SignalSpec("count", optional=True),
    "next_interview_in_days": SignalSpec("count", optional=True),
    "technical_role": SignalSpec("flag"),
    "seniority": _choice(Seniority),
    "days_since_next_round": SignalSpec("count", optional=True),
    "has_concerns": SignalSpec("flag"),
    "business_days": SignalSpec("flag"),
    "calendar_days_since_interview": SignalSpec("count"),
    "decision_window_days": SignalSpec("count"),
    "stated_timeframe_given_days": SignalSpec("count", optional=True),
}

#: The figure that is the decision window when no timeframe was stated, by
#: whether the stage is ``applied``: an application waits longer for an
#: answer than an interview does.
DEFAULT_WINDOWS: Final = {
    False: "default_decision_window",
    True: "application_decision_window",
}

Signals = tuple[tuple[str, "str | int | bool | None"], ...]


def signals_of(
    situation: Situation, windows: Mapping[tuple[bool, bool], int]
) -> Signals:
    """
    Return the signals of *situation* as a hashable, ordered tuple of pairs.

    A dated situation counts its days in business days (weekends and the
    country's public holidays left out), so the same rules time follow-ups
    in business days; ``business_days`` says which count is used.

    Three signals are worked out: ``calendar_days_since_interview``, for
    windows counted in hours or calendar days whatever the advice counts;
    ``stated_timeframe_given_days``, the timeframe in the calendar days
    the employer gave, for quoting them; and ``decision_window_days``, the
    timeframe they stated or else the default window of the stage (see
    :data:`DEFAULT_WINDOWS`), so one rule serves every case.

    Args:
        situation: A checked situation.
        windows: The default windows by ``(applied, dated)``: whether the
            stage is ``applied``, and whether the days are business days.

    Returns:
        One ``(name, value)`` pair per entry of :data:`SIGNALS`, in order; an
        absent optional signal is None.
    """
    # Plain strings, not enum members: they hash faster as cache keys.
    values = [
        value.value if isinstance(value, enum.Enum) else value
        for value in _read_fields(situation)
    ]
    calendar_days = values[_FIELD_SIGNALS.index("days_since_interview")]
    given = values[_FIELD_SIGNALS.index("stated_timeframe_days")]
    if situation.dated:
        values = _in_business_days(situation, values)
    stated = values[_FIELD_SIGNALS.index("stated_timeframe_days")]
    # A next round whose date has passed is not ahead: it is days since.
    ahead = _FIELD_SIGNALS.index("next_interview_in_days")
    since_round = None
    if values[ahead] is not None and values[ahead] < 0:
        since_round, values[ahead] = max(1, -values[ahead]), None
    return (
        *zip(_FIELD_SIGNALS, values, strict=True),
        ("days_since_next_round", since_round),
        ("has_concerns", bool(situation.concerns_from_last_interview)),
        ("business_days", situation.dated),
        ("calendar_days_since_interview", calendar_days),
        (
            "decision_window_days",
            windows[situation.stage is Stage.APPLIED, situation.dated]
            if stated is None
            else stated,
        ),
        ("stated_timeframe_given_days", given),
    )


def _in_business_days(situation: Situation, values: list[Any]) -> list[Any]:
    """
    Replace each day count of a dated situation by its business days.
    """
    today, days = situation.today, situation.day_count
    interview = situation.interview_date
    assert today is not None  # noqa: S101  # a dated situation has both
    assert interview is not None  # noqa: S101
    # Each day count as the span of dates it stands for.
    spans: dict[str, tuple[datetime.date, datetime.date]] = {}
    for name, value in zip(_FIELD_SIGNALS, values, strict=True):
        if name == "days_since_interview":
            spans[name] = (interview, today)
        elif name == "stated_timeframe_days" and value is not None:
            spans[name] = (interview, interview + _days(value))
        elif name == "days_since_last_follow_up" and value is not None:
            spans[name] = (today - _days(value), today)
        elif name == "next_interview_in_days" and value is not None:
            spans[name] = (today, today + _days(value))
    return [
        _span(days, *spans[name]) if name in spans else value
        for name, value in zip(_FIELD_SIGNALS, values, strict=True)
    ]


def _span(days: DayCount, start: datetime.date, end: datetime.date) -> int:
    """
    Return the days from *start* to *end*, below 0 when *end* comes first.
    """
    return days.span(start, end) if start <= end else -days.span(end, start)


def _days(count: int) -> datetime.timedelta:
    return datetime.timedelta(days=count)


#: The signals that are fields of the situation as they are.
_FIELD_SIGNALS: Final = tuple(
    name
    for name in SIGNALS
    if name
    not in {
        "has_concerns",
        "days_since_next_round",
        "business_days",
        "calendar_days_since_interview",
        "decision_window_days",
        "stated_timeframe_given_days",
    }
)
_read_fields: Final = operator.attrgetter(*_FIELD_SIGNALS)

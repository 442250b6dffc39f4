"""
The signals of a situation: exactly the values the rules read.

Names, companies and other personal details are not signals; they only
reach the rendering step, so two people in the same position get the same
conclusions.
"""

from __future__ import annotations

import enum
import operator
from typing import TYPE_CHECKING, Final

import attrs

from ._enums import EmployerResponse, Seniority, Stage

if TYPE_CHECKING:
    from ._situation import Situation


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
    "has_concerns": SignalSpec("flag"),
}

Signals = tuple[tuple[str, "str | int | bool | None"], ...]


def signals_of(situation: Situation) -> Signals:
    """
    Return the signals of *situation* as a hashable, ordered tuple of pairs.

    Args:
        situation: A checked situation.

    Returns:
        One ``(name, value)`` pair per entry of :data:`SIGNALS`, in order; an
        absent optional signal is None.
    """
    # Plain strings, not enum members: they hash faster as cache keys.
    values = [
        value.value if isinstance(value, enum.Enum) else value
        for value in _read_fields(situation)
    ]
    return (
        *zip(_FIELD_SIGNALS, values, strict=True),
        ("has_concerns", bool(situation.concerns_from_last_interview)),
    )


#: The signals that are fields of the situation as they are.
_FIELD_SIGNALS: Final = tuple(name for name in SIGNALS if name != "has_concerns")
_read_fields: Final = operator.attrgetter(*_FIELD_SIGNALS)

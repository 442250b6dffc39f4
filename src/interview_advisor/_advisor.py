"""
The entry point: from a situation to advice.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from ._engine import Engine
from ._paths import data_folder
from ._render import Renderer
from ._rulepack import load_pack
from ._signals import signals_of
from ._situation import Situation

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._advice import Advice


class _Advisor:
    """
    One rule pack on the engine, with one template set.
    """

    def __init__(self) -> None:
        pack = load_pack([data_folder("rules")])
        self._engine = Engine(pack)
        self._renderer = Renderer(pack, [data_folder("templates")])

    def advise(self, situation: Situation | Mapping[str, Any]) -> Advice:
        checked = (
            situation
            if isinstance(situation, Situation)
            else Situation.from_dict(situation)
        )
        signals = signals_of(checked)
        fired = self._engine.evaluate(signals)
        return self._renderer.advice(checked, dict(signals), fired)


_default: _Advisor | None = None
_default_lock = threading.Lock()


def _default_advisor() -> _Advisor:
    """
    Return the advisor for the packaged rules, loading it on first use.
    """
    global _default  # noqa: PLW0603
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = _Advisor()
    return _default


def advise(situation: Situation | Mapping[str, Any] | Any) -> Advice:
    """
    Tell where a person stands in a hiring process and what to do next.

    Args:
        situation: A :class:`Situation`, or a mapping with the same keys
            (such as decoded JSON).

    Returns:
        The status, outlook, steps with their timing, reasons, and text.

    Raises:
        InvalidSituationError: *situation* is not a valid situation; the
            message names every bad field, its value and what is accepted.
        RulePackError: The packaged rules or templates are broken.

    >>> advice = advise({
    ...     "stage": "second_interview",
    ...     "days_since_interview": 9,
    ...     "stated_timeframe_days": 7,
    ...     "thank_you_sent": True,
    ... })
    >>> str(advice.status)
    'decision_overdue'
    >>> [(str(a.kind), a.due_in_days) for a in advice.actions][:3]
    [('send_follow_up', 0), ('send_final_follow_up', 7), ('move_on', 14)]
    """
    return _default_advisor().advise(situation)

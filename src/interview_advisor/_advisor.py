"""
The entry point: from a situation to advice.
"""

from __future__ import annotations

import functools
import threading
from typing import TYPE_CHECKING, Any, Final

from ._signals import signals_of
from ._situation import Situation

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._advice import Advice
    from ._render import Conclusions
    from ._signals import Signals

#: How many distinct positions' conclusions are kept.
CACHE_SIZE: Final = 2048


class _Advisor:
    """
    One rule pack on the engine, with one template set.
    """

    def __init__(self) -> None:
        # Imported here, not at the top: importing the package stays as
        # cheap as its dependencies, and the first advise() pays instead.
        from ._engine import Engine  # noqa: PLC0415
        from ._paths import data_folder  # noqa: PLC0415
        from ._render import Renderer  # noqa: PLC0415
        from ._rulepack import load_pack  # noqa: PLC0415

        pack = load_pack([data_folder("rules")])
        # Undated situations count calendar days, dated ones business days.
        self._engines = {
            business: Engine(pack, business=business) for business in (False, True)
        }
        self._renderer = Renderer(pack, [data_folder("templates")])
        # Conclusions depend only on the signals, never on names, so one
        # bounded cache serves every caller whose position is the same.
        self._conclusions = functools.lru_cache(maxsize=CACHE_SIZE)(self._conclude)

    def advise(self, situation: Situation | Mapping[str, Any]) -> Advice:
        checked = (
            situation
            if isinstance(situation, Situation)
            else Situation.from_dict(situation)
        )
        return self._renderer.advice(checked, self._conclusions(signals_of(checked)))

    def _conclude(self, signals: Signals) -> Conclusions:
        """
        Run the rules on *signals* and render what they conclude.
        """
        values = dict(signals)
        engine = self._engines[bool(values["business_days"])]
        return self._renderer.conclude(values, engine.evaluate(signals))


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

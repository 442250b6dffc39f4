"""
The entry point: from a situation to advice.
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ._enums import Tone
from ._input_situation import Situation
from ._signals import signals_of
from .exceptions import InvalidSettingError

if TYPE_CHECKING:
    import os
    from collections.abc import Iterable, Mapping

    from ._conclusions import Conclusions
    from ._output_advice import Advice
    from ._signals import Signals

#: How many distinct positions' conclusions are kept.
CACHE_SIZE: Final = 2048


class Advisor:
    """
    One rule pack and one template set, ready to advise.

    The packaged rules and templates are the base; yours are layered on top.
    Build one advisor per configuration and share it: it is safe to use from
    many threads, and it caches what the rules conclude.

    Args:
        rules: Rule files or folders of ``*.toml`` files. A rule whose id is
            a packaged rule's replaces it; any other rule is added; a figure
            replaces the packaged figure of the same name.
        templates: Template folders, searched before the packaged templates:
            a template here replaces the packaged one of the same name
            (``advice.md.j2``, ``drafts/follow_up.txt.j2``, ...).
        tone: How the drafts sound: ``formal`` (the default) or ``friendly``.

    Raises:
        RulePackError: The rules or templates are broken; ``problems`` lists
            every problem with its file, rule and line.
        InvalidSettingError: *tone* is not one of the tones.

    >>> from interview_advisor import Advisor
    >>> friendly = Advisor(tone="friendly")
    >>> advice = friendly.advise({"stage": "first_interview", "days_since_interview": 0,
    ...                           "interviewer_names": ["Ana"]})
    >>> advice.actions[0].drafts[0].body.splitlines()[0]
    'Hi Ana,'
    """

    def __init__(
        self,
        *,
        rules: Iterable[str | os.PathLike[str]] = (),
        templates: Iterable[str | os.PathLike[str]] = (),
        tone: Tone | str = Tone.FORMAL,
    ) -> None:
        # Imported here, not at the top: importing the package stays as
        # cheap as its dependencies, and the first advisor pays instead.
        from ._engine import Engine  # noqa: PLC0415
        from ._paths import data_folder  # noqa: PLC0415
        from ._rendering import Renderer  # noqa: PLC0415
        from ._rules_reader import load_pack  # noqa: PLC0415

        if tone not in set(Tone):
            accepted = ", ".join(member.value for member in Tone)
            raise InvalidSettingError(
                f"tone: got {tone!r}, expected one of: {accepted}"
            )
        pack = load_pack([data_folder("rules")], [Path(path) for path in rules])
        # Undated situations count calendar days, dated ones business days.
        self._engines = {
            business: Engine(pack, business=business) for business in (False, True)
        }
        folders = [*(Path(path) for path in templates), data_folder("templates")]
        self._renderer = Renderer(pack, folders, tone=Tone(tone))
        # Conclusions depend only on the signals, never on names, so one
        # bounded cache serves every caller whose position is the same.
        self._conclusions = functools.lru_cache(maxsize=CACHE_SIZE)(self._conclude)

    def advise(self, situation: Situation | Mapping[str, Any] | Any) -> Advice:
        """
        Tell where a person stands in a hiring process and what to do next.

        Args:
            situation: A :class:`Situation`, or a mapping with the same keys.

        Returns:
            The status, outlook, steps with their timing, reasons, and text.

        Raises:
            InvalidSituationError: *situation* is not a valid situation.
            RulePackError: A rule or template failed.
        """
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


_default: Advisor | None = None
_default_lock = threading.Lock()


def _default_advisor() -> Advisor:
    """
    Return the advisor of the packaged rules and templates, made on first use.
    """
    global _default  # noqa: PLW0603
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Advisor()
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

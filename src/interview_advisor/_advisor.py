"""
The entry point: from a situation to advice.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Self

from ._enums import Tone
from ._explain import Origin, raw_fields
from ._input_situation import Situation
from ._input_timeline import Timeline as _Timeline
from ._locks import ForkSafeLock
from ._paths import data_folder
from ._signals import DEFAULT_WINDOWS, signals_of
from .exceptions import ClosedAdvisorError, InvalidSettingError, RulePackError

if TYPE_CHECKING:
    import datetime
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
        markdown_escape: Escape the situation's texts (names, company,
            concerns, ...) in ``advice.text`` so that Markdown shows them as
            written (the default); False inserts them raw, for callers that
            escape themselves. The drafts are never escaped.

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

    .. versionadded:: 0.2
       *markdown_escape*.
    """

    def __init__(
        self,
        *,
        rules: Iterable[str | os.PathLike[str]] = (),
        templates: Iterable[str | os.PathLike[str]] = (),
        tone: Tone | str = Tone.FORMAL,
        markdown_escape: bool = True,
    ) -> None:
        # Imported here, not at the top: importing the package stays as
        # cheap as its dependencies, and the first advisor pays instead.
        from ._engine import Engine  # noqa: PLC0415
        from ._rendering import Renderer  # noqa: PLC0415
        from ._rules_reader import load_pack  # noqa: PLC0415

        if tone not in set(Tone):
            accepted = ", ".join(member.value for member in Tone)
            raise InvalidSettingError(
                f"tone: got {tone!r}, expected one of: {accepted}"
            )
        rules, templates = tuple(rules), tuple(templates)
        pack = load_pack([data_folder("rules")], [Path(path) for path in rules])
        self._pack = pack
        # What makes this advisor again in another process (see __reduce__).
        self._settings = (
            tuple(str(Path(path).resolve()) for path in rules),
            tuple(str(Path(path).resolve()) for path in templates),
            str(tone),
            markdown_escape,
        )
        # Undated situations count calendar days, dated ones business days:
        # the engine takes the figures of each situation's count.
        self._engine = Engine(pack)
        # The decision windows without a stated timeframe, in either count.
        self._window = {
            (applied, business): pack.figure_days(business=business)[name]
            for applied, name in DEFAULT_WINDOWS.items()
            for business in (False, True)
        }
        yours = [Path(path) for path in templates]
        # A misspelt folder would otherwise leave the packaged templates in
        # use without a word.
        missing = [
            RulePackError("no such template folder", file=str(path))
            for path in yours
            if not path.is_dir()
        ]
        if missing:
            raise missing[0] if len(missing) == 1 else RulePackError.of(missing)
        folders = [*yours, data_folder("templates")]
        self._renderer = Renderer(
            pack, folders, tone=Tone(tone), markdown_escape=markdown_escape
        )
        # Conclusions depend only on the signals, never on names, so one
        # bounded cache serves every caller whose position is the same.
        self._conclusions = functools.lru_cache(maxsize=CACHE_SIZE)(self._conclude)
        self._closed = False

    def advise(
        self, situation: Situation | _Timeline | Mapping[str, Any] | Any
    ) -> Advice:
        """
        Tell where a person stands in a hiring process and what to do next.

        Args:
            situation: A :class:`Situation`, a :class:`Timeline` (advised as
                of the local date), or a mapping with the keys of a situation.

        Returns:
            The status, outlook, steps with their timing, reasons, and text.

        Raises:
            InvalidSituationError: *situation* is not a valid situation.
            RulePackError: A rule or template failed.
        """
        if isinstance(situation, Situation):
            checked = situation
        elif isinstance(situation, _Timeline):
            checked = situation.situation()
        else:
            checked = Situation.from_dict(situation)
        if self._closed:
            raise ClosedAdvisorError("this Advisor is closed; make a new one")
        conclusions = self._conclusions(signals_of(checked, self._window))
        origin = Origin(self, checked, raw_fields(situation))
        return self._renderer.advice(checked, conclusions, origin)

    def __reduce__(self) -> tuple[Any, ...]:
        """
        Pickle the advisor as its settings: another process makes its own.

        An advice refers to its advisor (to explain itself), and batches
        pickle advice across processes; the engine cannot travel.

        .. versionadded:: 0.2
        """
        return (advisor_for, self._settings)

    def close(self) -> None:
        """
        Free the advisor's engine resources now, rather than when it is dropped.

        An advisor frees them anyway once nothing refers to it; ``close()``
        (or a ``with`` block) makes it happen at a known point, as a backend
        building an advisor per tenant wants. Advising afterwards raises
        :class:`ClosedAdvisorError`. Closing twice does nothing.

        .. versionadded:: 0.2
        """
        self._closed = True
        self._engine.close()
        self._conclusions.cache_clear()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _conclude(self, signals: Signals) -> Conclusions:
        """
        Run the rules on *signals* and render what they conclude.
        """
        return self._renderer.conclude(dict(signals), self._engine.evaluate(signals))


_default: Advisor | None = None
_default_lock = ForkSafeLock()
#: The advisors made for unpickled advice, by their settings.
_by_settings: dict[tuple[Any, ...], Advisor] = {}
_by_settings_lock = ForkSafeLock()


def advisor_for(
    rules: tuple[str, ...],
    templates: tuple[str, ...],
    tone: str,
    escape: bool,  # noqa: FBT001  # pickle passes them by position
) -> Advisor:
    """
    Return the advisor of these settings in this process, made on first use.
    """
    if not rules and not templates and tone == Tone.FORMAL and escape:
        return default_advisor()
    key = (rules, templates, tone, escape)
    with _by_settings_lock:
        if key not in _by_settings:
            _by_settings[key] = Advisor(
                rules=rules, templates=templates, tone=tone, markdown_escape=escape
            )
        return _by_settings[key]


def default_advisor() -> Advisor:
    """
    Return the advisor of the packaged rules and templates, made on first use.
    """
    global _default  # noqa: PLW0603
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Advisor()
    return _default


def advise(situation: Situation | _Timeline | Mapping[str, Any] | Any) -> Advice:
    """
    Tell where a person stands in a hiring process and what to do next.

    Args:
        situation: A :class:`Situation`, a :class:`Timeline` (advised as of
            the local date), or a mapping with the keys of a situation (such
            as decoded JSON).

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
    [('send_follow_up', 0), ('continue_search', None), ('send_final_follow_up', 7)]

    .. versionchanged:: 0.2
       Accepts a :class:`Timeline`.
    """
    return default_advisor().advise(situation)


class Timeline(_Timeline):
    """
    The events of one application, in date order.

    A later event overrides what an earlier one implied: a reply after a
    long silence reopens an application the advice had called ghosted, and
    a new interview starts the count again.

    Attributes:
        events: The events, oldest first; mappings with the keys of
            :class:`Event` are accepted.
    """

    # The input model knows nothing of advising; this public class adds the
    # shortcut here, where the advisor is, so imports only run downstream.
    __slots__ = ()

    def advise(
        self, *, today: datetime.date | str | None = None, **details: Any
    ) -> Advice:
        """
        Return the advice for the situation the events add up to.

        Args:
            today: The date to advise for (default: the local date).
            details: Other fields of :class:`Situation`, such as names.
        """
        return advise(self.situation(today=today, **details))

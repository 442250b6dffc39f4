"""
Where an advice comes from, so it can explain itself and advise again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ._explain_ahead import ahead, questions, what_if
from ._explain_why import explain, why_not
from ._signals import signals_of

if TYPE_CHECKING:
    import datetime

    from ._input_situation import Situation
    from ._output_advice import Advice, WhatIf
    from ._output_explain import Ahead, Explanation, Questions, WhyNot
    from ._rules_model import RulePack


@attrs.frozen
class Origin:
    """
    An advice's situation and the advisor that gave it.

    Held by the advice it explains, outside its value: it pickles as the
    situation and the advisor's settings (see ``Advisor.__reduce__``).

    Attributes:
        advisor: The :class:`~interview_advisor.Advisor` that advised.
        situation: The checked situation.
        raw: The mapping advised, as pairs; None if a situation was.
    """

    advisor: Any
    situation: Situation
    raw: tuple[tuple[str, Any], ...] | None = None

    @property
    def given(self) -> dict[str, Any]:
        """
        The fields given, as a mapping :meth:`Situation.from_dict` reads.

        What-ifs change it, and questions ask for what it lacks. Worked out
        here, when asked, so that advising pays nothing for it.
        """
        if self.raw is not None:
            return dict(self.raw)
        return given_fields(self.situation)

    def explain(self, advice: Advice) -> Explanation:
        """
        Return every rule that fired, each condition with its values.
        """
        return explain(advice, self._pack(), self._signals())

    def why_not(self, advice: Advice, target: str) -> WhyNot:
        """
        Return the nearest rules that would give *target*, and their misses.
        """
        return why_not(advice, target, self._pack(), self._signals())

    def what_if(self, advice: Advice, changes: dict[str, Any]) -> WhatIf:
        """
        Return the advice for the situation with *changes*, and the difference.
        """
        return what_if(advice, self.given, changes, self.advisor.advise)

    def ahead(
        self, advice: Advice, days: int, until: datetime.date | str | None
    ) -> Ahead:
        """
        Return the moments ahead at which the advice changes.
        """
        return ahead(advice, self.situation, days, until, self.advisor.advise)

    def questions(self, advice: Advice) -> Questions:
        """
        Return the unknown fields whose answer would change the advice.
        """
        return questions(
            advice,
            self.given,
            self._pack(),
            self._signals(),
            self.advisor.advise,
        )

    def _pack(self) -> RulePack:
        pack: RulePack = self.advisor._pack  # noqa: SLF001  # the advisor's own part
        return pack

    def _signals(self) -> Mapping[str, Any]:
        window = self.advisor._window  # noqa: SLF001  # as _pack
        return dict(signals_of(self.situation, window))


def raw_fields(raw: object) -> tuple[tuple[str, Any], ...] | None:
    """
    Return the fields of a mapping advised, as pairs; None for anything else.
    """
    if isinstance(raw, Mapping):
        return tuple((key, value) for key, value in raw.items() if value is not None)
    return None


def given_fields(situation: Situation) -> dict[str, Any]:
    """
    Return the fields of *situation* that differ from their defaults.
    """
    defaults = {
        field.name: field.default
        for field in attrs.fields(type(situation))
        if not isinstance(field.default, attrs.Factory)  # type: ignore[arg-type]
    }
    return {
        name: value
        for name, value in situation.to_dict().items()
        if value not in (None, []) and value != _plain(defaults.get(name, ...))
    }


def _plain(value: object) -> object:
    return getattr(value, "value", value)

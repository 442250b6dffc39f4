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
        given: The fields given, as a mapping :meth:`Situation.from_dict`
            reads: what-ifs change it, and questions ask for what it lacks.
    """

    advisor: Any
    situation: Situation
    given: tuple[tuple[str, Any], ...]

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
        return what_if(advice, dict(self.given), changes, self.advisor.advise)

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
            dict(self.given),
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


def given_fields(situation: Situation, raw: object) -> tuple[tuple[str, Any], ...]:
    """
    Return the fields given, as a mapping ``Situation.from_dict`` reads.

    They are *raw*'s keys if it is a mapping, else the fields of
    *situation* that differ from their defaults.
    """
    if isinstance(raw, Mapping):
        return tuple((k, v) for k, v in raw.items() if v is not None)
    data = situation.to_dict()
    defaults = {
        field.name: field.default
        for field in attrs.fields(type(situation))
        if not isinstance(field.default, attrs.Factory)  # type: ignore[arg-type]
    }
    return tuple(
        (name, value)
        for name, value in data.items()
        if value not in (None, []) and value != _plain(defaults.get(name, ...))
    )


def _plain(value: object) -> object:
    return getattr(value, "value", value)

"""
Advice as a card in a notebook: Markdown and HTML, user text escaped.
"""

from __future__ import annotations

from typing import Any, Final

from ._templating import base_variables, card_environment, render
from .exceptions import NoOriginError

#: How many days ahead the card looks.
CARD_DAYS: Final = 30


def card(advice: Any, kind: str) -> str:
    """
    Return *advice* as a ``html`` or ``md`` card.

    Args:
        advice: An :class:`~interview_advisor.Advice`; the card reads its
            attributes, so this module needs not import it.
        kind: ``html`` or ``md``.
    """
    env = card_environment(kind)
    template = env.get_template(f"card.{kind}.j2")
    # The collapsible "why" and "ahead" parts, when the advice can say them.
    try:
        explained, ahead = advice.explain(), advice.changes_ahead(CARD_DAYS)
    except NoOriginError:
        explained = ahead = None
    return render(
        template,
        base_variables(
            env,
            advice=advice,
            business_days=False,
            explained=explained,
            ahead=ahead,
        ),
    )

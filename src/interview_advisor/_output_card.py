"""
Advice as a card in a notebook: Markdown and HTML, user text escaped.
"""

from __future__ import annotations

from ._templating import card_environment, render


def card(advice: object, kind: str) -> str:
    """
    Return *advice* as a ``html`` or ``md`` card.

    Args:
        advice: An :class:`~interview_advisor.Advice`; the card reads its
            attributes, so this module needs not import it.
        kind: ``html`` or ``md``.
    """
    template = card_environment(kind).get_template(f"card.{kind}.j2")
    return render(template, {"advice": advice, "business_days": False})

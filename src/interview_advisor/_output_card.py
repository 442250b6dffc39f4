"""
Advice as a card in a notebook: Markdown and HTML, user text escaped.
"""

from __future__ import annotations

from ._templating import base_variables, card_environment, render


def card(advice: object, kind: str) -> str:
    """
    Return *advice* as a ``html`` or ``md`` card.

    Args:
        advice: An :class:`~interview_advisor.Advice`; the card reads its
            attributes, so this module needs not import it.
        kind: ``html`` or ``md``.
    """
    env = card_environment(kind)
    template = env.get_template(f"card.{kind}.j2")
    return render(template, base_variables(env, advice=advice, business_days=False))

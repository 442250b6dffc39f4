"""
Advice as a card in a notebook: Markdown and HTML, user text escaped.
"""

from __future__ import annotations

import functools
import html
from typing import TYPE_CHECKING, Any

import jinja2

from ._paths import data_folder
from ._templating import FILTERS

if TYPE_CHECKING:
    from ._output_advice import Advice


@functools.cache
def _environment(kind: str) -> jinja2.Environment:
    """
    Return the environment for ``html`` or ``md`` cards.

    HTML escapes every value; Markdown escapes every value as HTML too,
    since notebooks render HTML found in Markdown.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_folder("templates"))),
        undefined=jinja2.StrictUndefined,
        autoescape=kind == "html",  # noqa: S701  # Markdown is escaped by finalize
        finalize=None if kind == "html" else _escape,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    return env


def _escape(value: Any) -> str:
    # "|" would end a Markdown table cell early.
    return html.escape(str(value)).replace("|", "&#124;")


def card(advice: Advice, kind: str) -> str:
    """
    Return *advice* as a ``html`` or ``md`` card.
    """
    template = _environment(kind).get_template(f"card.{kind}.j2")
    return template.render(advice=advice, business_days=False)

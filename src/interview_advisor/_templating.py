"""
The Jinja environments shared by rule texts and templates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import jinja2
import jinja2.runtime

if TYPE_CHECKING:
    import datetime
    from collections.abc import Callable
    from pathlib import Path


def days(count: int) -> str:
    """
    Return *count* with the right noun: ``1 day``, ``9 days``.
    """
    return f"{count} day" if count == 1 else f"{count} days"


def when(due_in_days: int | None) -> str:
    """
    Say when a step is due: ``today``, ``tomorrow``, ``in 5 days``.
    """
    if due_in_days is None:
        return "ongoing"
    if due_in_days == 0:
        return "today"
    if due_in_days == 1:
        return "tomorrow"
    return f"in {days(due_in_days)}"


#: Joins the texts of one rule so they render in one go; rule texts cannot hold it.
SEPARATOR = "\x1f"


def date(day: datetime.date) -> str:
    """
    Write a date for people: ``Tuesday 1 December 2026``.
    """
    return f"{day:%A} {day.day} {day:%B %Y}"


@jinja2.pass_context
def _days_in_context(context: jinja2.runtime.Context, count: int) -> str:
    """
    Like :func:`days`, saying "business days" when the advice counts them.
    """
    text = days(count)
    if context.get("business_days"):
        return text.replace(" day", " business day")
    return text


FILTERS: dict[str, Callable[..., Any]] = {
    "days": _days_in_context,
    "when": when,
    "date": date,
}


def render(template: jinja2.Template, variables: dict[str, Any]) -> str:
    """
    Render *template* with *variables*, which must already hold the globals.

    ``Template.render`` merges the environment's globals into a fresh
    context on every call; callers here merge them once, up front (see
    :func:`base_variables`), and the context takes *variables* as they are.
    """
    context = jinja2.runtime.new_context(
        template.environment, template.name, template.blocks, variables, shared=True
    )
    return template.environment.concat(template.root_render_func(context))


def base_variables(env: jinja2.Environment, **extra: Any) -> dict[str, Any]:
    """
    Return *env*'s globals with *extra*, the start of every render's context.
    """
    return {**env.globals, **extra}


def environment(folders: list[Path] | None = None) -> jinja2.Environment:
    """
    Return a strict environment for plain text and Markdown.

    Values are inserted as data, never evaluated as template code, and a
    missing variable is an error rather than an empty string.

    Args:
        folders: Where templates are looked up, first match wins; None for
            an environment that only compiles strings.
    """
    loader = jinja2.FileSystemLoader([str(f) for f in folders]) if folders else None
    env = jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701  # plain text and Markdown, not HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    return env

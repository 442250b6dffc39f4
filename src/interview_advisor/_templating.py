"""
Templating: the one place that makes Jinja environments and renders them.
"""

from __future__ import annotations

import functools
import html
import traceback
from typing import TYPE_CHECKING, Any

import jinja2
import jinja2.runtime

from ._paths import data_folder
from .exceptions import RulePackError

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


def render(
    template: jinja2.Template,
    variables: dict[str, Any],
    *,
    rule: tuple[str, str, int | None] | None = None,
) -> str:
    """
    Render *template* with *variables*; no failure escapes as anything else.

    *variables* must already hold the environment's globals (see
    :func:`base_variables`): the context shares it as it is, which Jinja
    documents for ``shared=True``, instead of copying the globals into a
    new dictionary on every call as ``Template.render`` does.

    Args:
        template: A template of one of this module's environments.
        variables: The globals and what the template may use.
        rule: ``(file, rule id, line)`` when the template is a rule's text.

    Raises:
        RulePackError: The template failed, naming the rule's file, id and
            line, or else the template's file and the line that failed.
    """
    try:
        return str(template.make_module(variables, shared=True))
    except Exception as error:  # noqa: BLE001  # any failure is the template's
        raise _failure(template, error, rule) from None


def base_variables(env: jinja2.Environment, **extra: Any) -> dict[str, Any]:
    """
    Return *env*'s globals with *extra*, the start of every render's variables.
    """
    return {**env.globals, **extra}


def _failure(
    template: jinja2.Template,
    error: Exception,
    rule: tuple[str, str, int | None] | None,
) -> RulePackError:
    """
    Return the error that says where *template* failed, and how.
    """
    message = getattr(error, "message", None) or str(error)
    what = f"{type(error).__name__}: {message}"
    if rule is not None:
        file, rule_id, line = rule
        return RulePackError(
            f"a rule text failed: {what}", file=file, rule_id=rule_id, line=line
        )
    name = template.name or "<template>"
    # Frames of the compiled template carry its file name and a line of the
    # generated code, which Jinja maps back to a line of the template.
    compiled = template.filename or "<template>"
    lines = [
        template.get_corresponding_lineno(frame.lineno or 0)
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename == compiled
    ]
    return RulePackError(
        f"a template failed: {what}", file=name, line=lines[-1] if lines else None
    )


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


@functools.cache
def text_environment() -> jinja2.Environment:
    """
    Return the environment that compiles strings, such as rule texts.

    One for the process: it holds no loader, so it can be shared.
    """
    return environment()


@functools.cache
def card_environment(kind: str) -> jinja2.Environment:
    """
    Return the environment of the packaged ``html`` or ``md`` cards.

    HTML escapes every value; Markdown escapes every value as HTML too,
    since notebooks render HTML found in Markdown.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_folder("templates"))),
        undefined=jinja2.StrictUndefined,
        autoescape=kind == "html",  # noqa: S701  # Markdown is escaped by finalize
        finalize=None if kind == "html" else _escape_markdown,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    return env


def _escape_markdown(value: Any) -> str:
    # "|" would end a Markdown table cell early.
    return html.escape(str(value)).replace("|", "&#124;")

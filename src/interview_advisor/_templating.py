"""
Templating: the one place that makes Jinja environments and renders them.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Final

import jinja2
import jinja2.exceptions
import jinja2.runtime
from jinja2 import nodes

from ._filters import FILTERS, TEXT_FILTERS
from ._markdown import Markdown, code, fenced, finalize_markdown
from ._paths import data_folder
from .exceptions import RulePackError

#: The longest rule text of a custom pack, in characters.
MAX_RULE_TEXT: Final = 2_000
#: The longest custom template, in characters.
MAX_TEMPLATE: Final = 64 * 1024
#: The longest string or list an operator of a sandboxed template may make.
MAX_SIZE: Final = 10_000
#: The most bits of a number a power of a sandboxed template may make.
MAX_BITS: Final = 4_096


#: Joins the texts of one rule so they render in one go; rule texts cannot hold it.
SEPARATOR = "\x1f"


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
        for frame in _frames(error)
        if frame.filename == compiled
    ]
    return RulePackError(
        f"a template failed: {what}", file=name, line=lines[-1] if lines else None
    )


def _frames(error: Exception) -> list[Any]:
    """Return the frames *error* went through; only a failure needs traceback."""
    import traceback  # noqa: PLC0415  # see above

    return list(traceback.extract_tb(error.__traceback__))


@functools.cache
def _sandbox() -> type[jinja2.Environment]:
    """
    Return the sandboxed environment class, importing Jinja's sandbox.

    Only custom packs and templates need it, so advice from the packaged
    ones does not import it.
    """
    import jinja2.sandbox  # noqa: PLC0415  # see above

    class Sandbox(_Bounded, jinja2.sandbox.ImmutableSandboxedEnvironment):
        """
        Jinja's sandbox, with the operators that could make huge values bounded.
        """

    return Sandbox


class _Bounded:
    """
    The operators of Jinja's sandbox that could make huge values, bounded.
    """

    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        """
        Apply *operator*, refusing results too big to make quickly.

        Raises:
            SecurityError: The result would be too big, or ``%`` formats text.
        """
        if operator == "%" and isinstance(left, str):
            raise jinja2.exceptions.SecurityError("'%' formatting is not allowed")
        if operator == "*" and _repeats_too_much(left, right):
            raise jinja2.exceptions.SecurityError(
                f"'*' would make over {MAX_SIZE} items"
            )
        if operator == "**" and _power_too_big(left, right):
            raise jinja2.exceptions.SecurityError(
                f"'**' would make over {MAX_BITS} bits"
            )
        return super().call_binop(  # type: ignore[misc]
            context, operator, left, right
        )


def _repeats_too_much(left: Any, right: Any) -> bool:
    if isinstance(left, int) and not isinstance(right, int):
        left, right = right, left
    if isinstance(right, int) and isinstance(left, str | list | tuple):
        return len(left) * right > MAX_SIZE
    return False


def _power_too_big(left: Any, right: Any) -> bool:
    if isinstance(left, int) and isinstance(right, int):
        return right > 0 and left.bit_length() * right > MAX_BITS
    return False


def environment(
    folders: list[Path] | None = None,
    *,
    sandboxed: bool = False,
    markdown: bool = False,
) -> jinja2.Environment:
    """
    Return a strict environment for plain text and Markdown.

    Values are inserted as data, never evaluated as template code, and a
    missing variable is an error rather than an empty string.

    Args:
        folders: Where templates are looked up, first match wins; None for
            an environment that only compiles strings.
        sandboxed: Run templates in Jinja's sandbox, for custom packs and
            templates: no attribute starting with ``_``, no unsafe call, and
            operators that cannot make huge values.
        markdown: Escape every output for Markdown but :class:`Markdown`.
    """
    loader = jinja2.FileSystemLoader([str(f) for f in folders]) if folders else None
    kind = _sandbox() if sandboxed else jinja2.Environment
    env = kind(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # plain text and Markdown, not HTML
        finalize=finalize_markdown if markdown else None,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    env.filters["fenced"] = fenced
    return env


@functools.cache
def text_environment(*, sandboxed: bool = False) -> jinja2.Environment:
    """
    Return the environment that compiles strings, such as rule texts.

    One for the process, or two with the sandboxed one: they hold no
    loader, so they can be shared. A rule text counts in the advice's day
    count, so its ``when`` says "in 3 business days" in dated advice, where
    a template's ``when`` of a step's calendar days until it is due does not.

    Its compiler does not fold constants: that would change syntax trees in
    place, and texts share parsed expressions (see :mod:`._texts`).
    """
    env = environment(sandboxed=sandboxed)
    env.filters.update(TEXT_FILTERS)
    env.optimized = False
    return env


def check_template(env: jinja2.Environment, source: str, name: str) -> None:
    """
    Check a custom template's size and syntax, and that it reads nothing private.

    The sandbox would refuse a private attribute too, but only when the
    line runs; this finds it when the template loads.

    Raises:
        RulePackError: Naming the template and the line at fault.
    """
    if len(source) > MAX_TEMPLATE:
        raise RulePackError(
            f"a template may hold at most {MAX_TEMPLATE:,} characters, "
            f"this one has {len(source):,}",
            file=name,
        )
    try:
        ast = env.parse(source, name)
    except jinja2.TemplateSyntaxError as error:
        raise RulePackError(
            f"invalid template: {error.message}", file=name, line=error.lineno
        ) from None
    for node in ast.find_all((nodes.Getattr, nodes.Getitem)):
        key = getattr(node, "arg", None)
        read = getattr(node, "attr", None) or getattr(key, "value", None)
        if isinstance(read, str) and read.startswith("_"):
            raise RulePackError(
                f"reads {read!r}, which is private", file=name, line=node.lineno
            )


class TemplateSet:
    """
    Template folders over the packaged templates, custom ones sandboxed.

    Args:
        folders: Template folders, first match wins; every one but
            *packaged* is custom.
        packaged: The folder of the packaged templates.
    """

    def __init__(self, folders: list[Path], packaged: Path) -> None:
        self._packaged = packaged
        custom = [Path(f) for f in folders if Path(f) != packaged]
        # A custom template may include a packaged one, so both are searched.
        self._custom = jinja2.FileSystemLoader(custom) if custom else None
        self._envs = {
            (sandboxed, markdown): environment(
                [*custom, packaged], sandboxed=sandboxed, markdown=markdown
            )
            for sandboxed in {False, bool(custom)}
            for markdown in (False, True)
        }
        #: The unsandboxed environment for plain text.
        self.plain = self._envs[False, False]

    def load(
        self,
        name: str,
        *,
        markdown: bool = False,
        rule: tuple[str, str, int | None] | None = None,
    ) -> jinja2.Template:
        """
        Load and compile template *name*, sandboxed if it is custom.

        Args:
            name: The template's name in the folders.
            markdown: Whether it writes Markdown, escaping what it shows.
            rule: ``(file, rule id, line)`` of the rule that uses it.

        Raises:
            RulePackError: It is missing (naming *rule*), is too long,
                reads something private, or does not compile.
        """
        env = self._envs[False, markdown]
        try:
            if self._custom is not None and self._is_custom(name):
                env = self._envs[True, markdown]
                source, _, _ = self._custom.get_source(env, name)
                check_template(env, source, name)
            return env.get_template(name)
        except jinja2.TemplateNotFound:
            file, rule_id, line = rule or (name, None, None)
            raise RulePackError(
                f"template {name!r} not found", file=file, rule_id=rule_id, line=line
            ) from None
        except jinja2.TemplateError as error:
            raise RulePackError(
                f"invalid template: {error.message}",
                file=name,
                line=getattr(error, "lineno", None),
            ) from None

    def check(
        self,
        name: str,
        *,
        markdown: bool = False,
        rule: tuple[str, str, int | None] | None = None,
    ) -> jinja2.Template | None:
        """
        Make sure template *name* can be loaded; return it if it is custom.

        A custom template is loaded and checked now, as :meth:`load` does. A
        packaged one ships checked by the test suite: it is only looked for,
        and compiled the first time :meth:`load` is asked for it.

        Raises:
            RulePackError: As :meth:`load` does.
        """
        if self._custom is not None and self._is_custom(name):
            return self.load(name, markdown=markdown, rule=rule)
        if not (self._packaged / name).is_file():
            file, rule_id, line = rule or (name, None, None)
            raise RulePackError(
                f"template {name!r} not found", file=file, rule_id=rule_id, line=line
            )
        return None

    def _is_custom(self, name: str) -> bool:
        assert self._custom is not None  # noqa: S101  # checked by the caller
        try:
            self._custom.get_source(self.plain, name)
        except jinja2.TemplateNotFound:
            return False
        return True


@functools.cache
def card_environment(kind: str) -> jinja2.Environment:
    """
    Return the environment of the packaged ``html`` or ``md`` cards.

    HTML escapes every value as HTML. Markdown escapes every value as
    Markdown, HTML included: a link, an image or a tag in a situation's
    text shows as typed, never as markup, and a bare address is not made a
    link either.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_folder("templates"))),
        undefined=jinja2.StrictUndefined,
        autoescape=kind == "html",  # noqa: S701  # Markdown is escaped by finalize
        finalize=None if kind == "html" else _finalize_card,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS, code=code)
    return env


def _finalize_card(value: object) -> str:
    text = finalize_markdown(value)
    if isinstance(value, Markdown):
        return text
    # Notebooks' Markdown (GitHub's) links "https://..." and "www." by
    # themselves; an escaped "/" or "." shows the same and links nothing.
    return _BARE_LINK.sub(lambda found: found[0][:-1] + "\\" + found[0][-1], text)


#: Where a bare address starts: after "://" (the first "/") or "www.".
_BARE_LINK: Final = re.compile(r"(?<=:)/|(?<![\w.])www\.", re.IGNORECASE)

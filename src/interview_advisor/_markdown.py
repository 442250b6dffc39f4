"""
Markdown: showing text from a situation as it is, and code nothing can close.
"""

from __future__ import annotations

import enum
import re
from typing import Final


class Markdown(str):
    """
    Markdown that a rule or a template wrote: the advice shows it as it is.

    A Markdown template escapes every other value it outputs.
    """

    __slots__ = ()


#: What escaping puts a backslash before: whatever starts a link, an image,
#: HTML, emphasis, code, a heading, a table cell or an entity.
_SPECIAL: Final = str.maketrans({char: "\\" + char for char in "\\`*_[]<>#|~&"})
#: What starts a list, or underlines a heading, at the start of a line.
_LINE_START: Final = re.compile(r"(\s*)([-+=]|\d+[.)])")
_STARTS: Final = frozenset(" \t-+=0123456789")


def escape_markdown(text: str) -> str:
    r"""
    Return *text* so that Markdown shows it as it is, never as markup.

    >>> print(escape_markdown("[click](javascript:x) <b>**Acme**</b>"))
    \[click\](javascript:x) \<b\>\*\*Acme\*\*\</b\>
    """
    escaped = text.translate(_SPECIAL)
    start = _LINE_START.match(escaped) if escaped[:1] in _STARTS else None
    if start is None:
        return escaped
    # "1." stays a number once its dot is escaped; "-" needs its own.
    cut = start.end() - 1
    return escaped[:cut] + "\\" + escaped[cut:]


def fenced(text: object, info: str = "") -> Markdown:
    """
    Return *text* as a fenced code block that nothing in it can close.
    """
    text = str(text)
    runs = re.findall("`+", text) if "`" in text else ()
    longest = max(map(len, runs), default=0)
    fence = "`" * max(3, longest + 1)
    return Markdown(f"{fence}{info}\n{text}\n{fence}")


def code(text: object) -> Markdown:
    """
    Return *text* as inline code that nothing in it can close.

    >>> print(code("a`b"))
    ``a`b``
    """
    text = " ".join(str(text).split())  # a code span holds one line
    runs = re.findall("`+", text) if "`" in text else ()
    fence = "`" * (max(map(len, runs), default=0) + 1)
    # A space keeps a backtick at either end from joining the fence.
    pad = " " if text[:1] == "`" or text[-1:] == "`" else ""
    return Markdown(f"{fence}{pad}{text}{pad}{fence}")


def finalize_markdown(value: object) -> str:
    """
    Return what a Markdown template shows for *value*.
    """
    # Numbers and the package's enums hold no text from a situation. Exact
    # types first: this runs for every value shown.
    kind = type(value)
    if kind is str:
        return escape_markdown(value)  # type: ignore[arg-type]
    if kind is Markdown or kind is int or isinstance(value, enum.Enum | float):
        return str(value)
    return escape_markdown(str(value))

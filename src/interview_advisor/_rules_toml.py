"""
Reading one rule file: its TOML, where things are written in it, its figures.
"""

from __future__ import annotations

import re
import tomllib
from typing import TYPE_CHECKING, Any, Final

from ._daycount import MAX_DAYS
from ._rules_model import UNITS, Figure
from .exceptions import RulePackError

if TYPE_CHECKING:
    from pathlib import Path

#: The longest rule file, in characters.
MAX_RULE_FILE: Final = 1_000_000
#: Where an id, a table or a top-level key is written: one pass finds them all.
_MARKS: Final = re.compile(
    r"""^[ \t]*(?:id[ \t]*=[ \t]*["']([a-z0-9_.-]+)["']"""
    r"""|\[\[?[ \t]*([A-Za-z0-9_-]+)(?:[ \t]*\.[ \t]*["']?([A-Za-z0-9_-]+))?"""
    r"""|([A-Za-z0-9_-]+)[ \t]*=)""",
    re.MULTILINE,
)


def read_toml(path: Path) -> tuple[str, dict[str, Any]]:
    """
    Return the text and the parsed content of *path*.
    """
    try:
        text = path.read_text(encoding="utf-8")
        # A bound on the file bounds the time and memory of reading it.
        if len(text) > MAX_RULE_FILE:
            raise RulePackError(
                f"a rule file may hold at most {MAX_RULE_FILE:,} characters, "
                f"this one has {len(text):,}",
                file=str(path),
            )
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib gives the line only inside its message.
        found = re.search(r"line (\d+)", str(error))
        line = int(found.group(1)) if found else None
        raise RulePackError(
            f"invalid TOML: {error}", file=str(path), line=line
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise RulePackError(f"cannot read: {error}", file=str(path)) from None


def marks_of(text: str) -> dict[str, int]:
    """
    Return the line of each rule id, figure and top-level key of *text*.

    Keys are ``id:ID``, ``figure:NAME`` and ``key:NAME``; the first wins.
    """
    # tomllib keeps no positions. One pass over the text, counting lines as
    # it goes, keeps reading a file of many rules linear.
    marks: dict[str, int] = {}
    line, last = 1, 0
    for found in _MARKS.finditer(text):
        line += text.count("\n", last, found.start())
        last = found.start()
        rule_id, table, name, key = found.groups()
        if rule_id:
            marks.setdefault(f"id:{rule_id}", line)
        elif table == "figure" and name:
            marks.setdefault(f"figure:{name}", line)
        if table or key:
            marks.setdefault(f"key:{table or key}", line)
    return marks


def figures_of(path: Path, marks: dict[str, int], table: object) -> dict[str, Figure]:
    """
    Return the figures defined in one file's ``[figure.NAME]`` tables.
    """
    if not isinstance(table, dict):
        raise RulePackError(
            "'figure' must be a table of tables",
            file=str(path),
            line=marks.get("key:figure"),
        )
    figures = {}
    for name, raw in table.items():
        # A figure must say where it comes from: the pack cites its sources.
        if not (
            isinstance(raw, dict)
            and type(raw.get("value")) is int
            and raw.get("unit") in UNITS
            and isinstance(raw.get("source"), str)
            and raw["source"].strip()
        ):
            raise RulePackError(
                f"figure {name!r} needs an integer 'value', a 'unit' "
                f"({', '.join(UNITS)}) and a non-empty 'source'",
                file=str(path),
                line=marks.get(f"figure:{name}"),
            )
        figure = Figure(name, raw["value"], raw["unit"], raw["source"])
        # Bounded, so no due date can overflow whatever the situation.
        if not 0 <= figure.value or figure.days > MAX_DAYS:
            raise RulePackError(
                f"figure {name!r} must be from 0 to {MAX_DAYS} days "
                f"(or a count up to {MAX_DAYS}), got {figure.value} {figure.unit}",
                file=str(path),
                line=marks.get(f"figure:{name}"),
            )
        figures[name] = figure
    return figures


def short(value: object) -> str:
    """
    Return ``repr(value)`` cut to a length an error message can quote.
    """
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:77]}... ({len(text):,} characters)"

"""
The parser of sums such as ``stated_timeframe_days + follow_up_buffer``.

Rules write due days and count thresholds as such sums of integers, figures
and count signals.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from ._rules_model import Expr
from ._signals import SIGNALS

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._rules_model import Figure, Where

_TERM: Final = re.compile(r"\s*([+-]?)\s*([A-Za-z_][A-Za-z0-9_]*|\d+)\s*")


def parse_sum(
    where: Where, key: str, value: object, figures: Mapping[str, Figure]
) -> Expr:
    """
    Parse an integer or a sum such as ``"stated_timeframe_days + buffer - 1"``.
    """
    if type(value) is int:
        return Expr(value, (), ())
    if not isinstance(value, str):
        raise where.error(
            f"{key!r} takes a number or a sum of figures and signals, got {value!r}"
        )
    constant, named, signals, position = 0, [], [], 0
    while position < len(value):
        found = _TERM.match(value, position)
        if not found or (position and not found.group(1)):
            raise where.error(f"cannot read {key!r} expression {value!r}")
        sign = -1 if found.group(1) == "-" else 1
        name = found.group(2)
        if name.isdigit():
            constant += sign * int(name)
        elif name in figures:
            named.append((sign, name))
        elif name in SIGNALS and SIGNALS[name].kind == "count":
            signals.append((sign, name))
        else:
            raise where.error(
                f"{name!r} in {key!r} is neither a figure nor a count signal"
            )
        position = found.end()
    return Expr(constant, tuple(named), tuple(signals))

"""
The decision table of a pack: one row per region, with its status and steps.

A row gives each signal's range in the terms of the thresholds that bound
it, so a career coach can read it in a spreadsheet without the rule files.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Final

from ._pack_bounds import ORDER
from ._pack_run import outcomes
from ._paths import data_folder
from ._rules_reader import load_pack
from .exceptions import InvalidSettingError

if TYPE_CHECKING:
    import os
    from collections.abc import Iterable

    from ._pack_run import Outcome

#: The formats a table can be written in.
FORMATS: Final = ("markdown", "csv")
#: The columns besides the signals.
_RESULTS: Final = ("status", "outlook", "steps")


def decision_table(
    rules: Iterable[str | os.PathLike[str]] = (),
    *,
    format: str = "markdown",  # noqa: A002  # the CLI's word
) -> str:
    """
    Return the decision table of the packaged rules, with *rules* layered on.

    Args:
        rules: Rule files or folders, as for :class:`Advisor`.
        format: ``markdown`` or ``csv``.

    Returns:
        One row per region of the signal space: the range of each signal,
        the status, the odds of the outlook, and each step with its phase.

    Raises:
        InvalidSettingError: *format* is not one of the formats.
        RulePackError: The rules cannot be read or are invalid.
    """
    if format not in FORMATS:
        raise InvalidSettingError(
            f"format: got {format!r}, expected one of: {', '.join(FORMATS)}"
        )
    pack = load_pack([data_folder("rules")], [Path(path) for path in rules])
    return table(list(outcomes(pack)), format)


def table(results: list[Outcome], format: str) -> str:  # noqa: A002  # as above
    """
    Return the rows of *results* as a Markdown or CSV table.
    """
    header = ["day count", *_SIGNALS, *_RESULTS]
    rows = _merged([_row(result) for result in results], len(header) - len(_RESULTS))
    if format == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerows([header, *rows])
        return out.getvalue()
    lines = [header, ["---"] * len(header), *rows]
    return "".join(f"| {' | '.join(line)} |\n" for line in lines)


#: The signal columns: the decision window shows in the ranges that use it.
_SIGNALS: Final = tuple(name for name in ORDER if name != "decision_window_days")


def _merged(rows: list[list[str]], signals: int) -> list[list[str]]:
    """
    Return *rows* with those that differ in one signal only made one row.

    Rows with the same results whose signals differ in one column become
    one row listing that column's ranges, column by column, as a decision
    table's ranges merge.
    """
    for column in range(signals):
        groups: dict[tuple[str, ...], list[str]] = {}
        for row in rows:
            key = (*row[:column], *row[column + 1 :])
            groups.setdefault(key, []).extend(
                part for part in row[column].split(" or ") if part
            )
        rows = [
            [*key[:column], " or ".join(dict.fromkeys(values)), *key[column:]]
            for key, values in groups.items()
        ]
    return rows


def _row(result: Outcome) -> list[str]:
    labels = dict(result.region.labels)
    steps = "; ".join(f"{kind} ({phase})" for kind, phase in result.plan())
    return [
        labels["business_days"],
        *(labels[name] for name in _SIGNALS),
        str(result.status_value or "none"),
        str(result.outlook.outlook.odds)
        if result.outlook and result.outlook.outlook
        else "none",
        steps or "none",
    ]

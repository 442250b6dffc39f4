"""
Timing in interleaved, rotated rounds, and figures with their spread.

The machine a benchmark runs on is rarely quiet. So contenders never run
in separate blocks: every round runs each of them once, the order rotating
from round to round, and a ratio is taken within each round, where both
sides saw the same moment of the machine. A figure is the median over the
rounds, printed with the lowest and highest round.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

HERE = Path(__file__).parent
#: The longest any child process of a benchmark may run, in seconds.
TIMEOUT = 600


class Figure:
    """
    A figure measured once per round: its median, lowest and highest.
    """

    def __init__(self, values: Iterable[float], unit: str = "") -> None:
        self.values = sorted(values)
        self.unit = unit

    @property
    def median(self) -> float:
        """
        The median over the rounds.
        """
        return statistics.median(self.values)

    def __str__(self) -> str:
        """
        Show the median, then the lowest and highest round in brackets.
        """
        low, high = self.values[0], self.values[-1]
        return f"{self.median:.3g}{self.unit} [{low:.3g}-{high:.3g}]"

    def to_json(self) -> dict[str, Any]:
        """
        Return the median, lowest and highest as JSON-ready data.
        """
        return {"median": self.median, "min": self.values[0], "max": self.values[-1]}


def interleave(
    contenders: dict[str, Callable[[int], float]], rounds: int
) -> dict[str, list[float]]:
    """
    Run every contender once per round, rotating who goes first.

    Each contender takes the round's number (so it can pick that round's
    input) and returns its measure for the round.
    """
    names = list(contenders)
    measured: dict[str, list[float]] = {name: [] for name in names}
    for number in range(rounds):
        start = number % len(names)
        for name in names[start:] + names[:start]:
            measured[name].append(contenders[name](number))
    return measured


def ratio(measured: dict[str, list[float]], top: str, bottom: str) -> Figure:
    """
    Return *top* over *bottom*, taken within each round.
    """
    pairs = zip(measured[top], measured[bottom], strict=True)
    return Figure(a / b for a, b in pairs)


def per_call_us(function: Callable[[Any], object], items: list[Any]) -> float:
    """
    Return the processor time per call of *function* over *items*, in µs.

    Processor time, not wall time: the work of one thread is what is
    compared, and on a busy machine wall time also counts the moments the
    process waited for a core. On a quiet machine the two agree.
    """
    start = time.process_time()
    for item in items:
        function(item)
    return (time.process_time() - start) / len(items) * 1e6


def in_fresh_python(code: str, *args: str) -> list[float]:
    """
    Run *code* in a new interpreter and return the numbers it prints.
    """
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=HERE,
        timeout=TIMEOUT,
        env={**os.environ, "PYTHONPATH": str(HERE)},
    )
    return [float(line) for line in result.stdout.split()]

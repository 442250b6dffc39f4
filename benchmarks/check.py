"""
How long ``interview-advisor check`` takes on the packaged rule pack.

Run from the test set-up of the README, with the package installed:

    .venv/bin/python benchmarks/check.py

It prints the regions of the signal space, the seconds of the best of three
runs of the whole check and of the signal space alone, against the target
of 10 seconds, and exits with status 1 if the target is missed.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

from interview_advisor import check_rules
from interview_advisor._pack_space import regions
from interview_advisor._paths import data_folder
from interview_advisor._rules_reader import load_pack

if TYPE_CHECKING:
    from collections.abc import Callable

TARGET = 10.0
ROUNDS = 3


def best(job: Callable[[], object]) -> float:
    """
    Return the fewest seconds *job* took in :data:`ROUNDS` runs.
    """
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    """
    Print the figures; return 1 if the check misses its target.
    """
    pack = load_pack([data_folder("rules")])
    count = sum(1 for _ in regions(pack))
    space = best(lambda: sum(1 for _ in regions(pack)))
    whole = best(check_rules)
    print(f"regions of the packaged pack: {count:,}")
    print(f"signal space alone:  {space:6.2f} s")
    print(f"check, best of {ROUNDS}:   {whole:6.2f} s (target under {TARGET:.0f} s)")
    return 0 if whole < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())

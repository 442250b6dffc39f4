"""
Work split over forked processes, for batches too big for one core.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from typing import TYPE_CHECKING, Any, TypeVar

from ._locks import ForkSafeLock

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

_T = TypeVar("_T")
_R = TypeVar("_R")

#: The function and items of the map under way: forked children inherit
#: them, so neither is pickled (an advisor cannot be); only results are.
_work: tuple[Callable[[Any], Any], Sequence[Any]] | None = None
_lock = ForkSafeLock()


def can_fork() -> bool:
    """
    Tell whether this process can fork workers safely.

    It can on Linux, unless it is a daemon process (a worker of a
    ``multiprocessing`` pool), which may have no children.

    macOS lists fork too, but its system libraries may crash in a forked
    child, which is why Python spawns there by default.
    """
    linux = sys.platform.startswith("linux")
    daemon = multiprocessing.current_process().daemon
    return linux and not daemon and "fork" in multiprocessing.get_all_start_methods()


def cores() -> int:
    """
    Return how many cores this process may run on.
    """
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def fork_map(
    function: Callable[[_T], _R], items: Sequence[_T], processes: int
) -> list[_R]:
    """
    Return ``[function(item) for item in items]``, worked out in forked processes.

    The items are cut into a few contiguous parts per process, so a slow
    part does not hold the others up; the results come back in order.
    Each result must pickle.
    """
    global _work  # noqa: PLW0603  # read by the children, see _work
    size = max(1, -(-len(items) // (processes * 4)))
    spans = [(start, start + size) for start in range(0, len(items), size)]
    with _lock:
        _work = (function, items)
        try:
            context = multiprocessing.get_context("fork")
            with context.Pool(processes) as pool:
                parts = pool.map(_run, spans, chunksize=1)
        finally:
            _work = None
    return [result for part in parts for result in part]


def _run(span: tuple[int, int]) -> list[Any]:
    """
    Apply the map's function to the items of *span*, in a child.
    """
    assert _work is not None  # noqa: S101  # set before the fork
    function, items = _work
    start, stop = span
    return [function(item) for item in items[start:stop]]

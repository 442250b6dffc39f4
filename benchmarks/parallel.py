"""
Throughput with threads sharing one advisor, and with worker processes.

Both run on a mixed stream, half new positions and half recurring ones, so
the engine runs on every other call: threads contend for its lock, and the
cache does not hide what a process costs.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import random
import threading
import time
from typing import Any

import workloads
from rounds import TIMEOUT, Figure, interleave, ratio

import interview_advisor


def mixed(count: int, seed: int) -> list[dict[str, Any]]:
    """
    Return *count* situations: every other one a new position, each named.
    """
    rng = random.Random(seed)
    new = workloads.named(count // 2 + 1, seed=seed)
    recurring = workloads.warm(count // 2 + 1, seed=seed)
    stream = [item for pair in zip(new, recurring, strict=True) for item in pair]
    rng.shuffle(stream)
    return stream[:count]


def _with_threads(count: int, situations: list[dict[str, Any]]) -> float:
    """
    Return calls per second of *count* threads sharing the default advisor.
    """
    chunks = [situations[i::count] for i in range(count)]
    errors: list[BaseException] = []

    def work(chunk: list[dict[str, Any]]) -> None:
        try:
            for situation in chunk:
                interview_advisor.advise(situation)
        except BaseException as error:  # noqa: BLE001  # counted, then reported
            errors.append(error)

    workers = [threading.Thread(target=work, args=(c,)) for c in chunks]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(TIMEOUT)
    elapsed = time.perf_counter() - start
    if errors:
        raise RuntimeError(f"{len(errors)} threads failed: {errors[0]!r}")
    return len(situations) / elapsed


def threads(calls: int, rounds: int) -> dict[str, Any]:
    """
    Measure calls per second with 1, 2 and 8 threads on mixed streams.

    Every count gets a stream of its own each round, so its new positions
    are new to the cache too.
    """
    interview_advisor.advise(workloads.cold(1, seed=99)[0])
    streams = {
        (count, n): mixed(calls, seed=5000 + 10 * n + count)
        for n in range(rounds)
        for count in (1, 2, 8)
    }
    measured = interleave(
        {
            f"threads_{count}_per_s": (
                lambda n, count=count: _with_threads(count, streams[count, n])
            )
            for count in (1, 2, 8)
        },
        rounds,
    )
    figures: dict[str, Any] = {n: Figure(v, "/s") for n, v in measured.items()}
    figures["threads_8_vs_1"] = ratio(measured, "threads_8_per_s", "threads_1_per_s")
    return figures


def _process_work(
    situations: list[dict[str, Any]], barrier: Any
) -> tuple[float, float, int]:
    interview_advisor.advise(workloads.cold(1, seed=99)[0])  # load before the start
    barrier.wait()
    start = time.monotonic()
    for situation in situations:
        interview_advisor.advise(situation)
    return start, time.monotonic(), len(situations)


def _with_processes(workers: int, calls: int, seed: int) -> float:
    """
    Return calls per second of *workers* processes, each given a stream.
    """
    manager = multiprocessing.Manager()
    barrier = manager.Barrier(workers)
    with concurrent.futures.ProcessPoolExecutor(workers) as pool:
        # Equal work, so the slowest worker does not decide the figure.
        futures = [
            pool.submit(_process_work, mixed(calls, seed + index), barrier)
            for index in range(workers)
        ]
        results = [future.result(timeout=TIMEOUT) for future in futures]
    manager.shutdown()
    start = min(r[0] for r in results)
    end = max(r[1] for r in results)
    return sum(r[2] for r in results) / (end - start)


def processes(calls: int, rounds: int) -> dict[str, Any]:
    """
    Measure calls per second with 1 and 2 worker processes on mixed streams.
    """
    measured = interleave(
        {
            f"processes_{count}_per_s": (
                lambda n, count=count: _with_processes(count, calls, 6000 + 10 * n)
            )
            for count in (1, 2)
        },
        rounds,
    )
    figures: dict[str, Any] = {n: Figure(v, "/s") for n, v in measured.items()}
    figures["processes_2_vs_1"] = ratio(
        measured, "processes_2_per_s", "processes_1_per_s"
    )
    return figures

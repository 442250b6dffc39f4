"""
Benchmarks of interview_advisor, printed as a table (or JSON with --json).

Run from the test set-up of the README, with the package installed:

    .venv/bin/python benchmarks/run.py

Every figure comes from this one run on this machine. Times are the best of
several rounds, so that a busy moment on the machine does not decide them.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import workloads
from baseline import baseline_advise

import interview_advisor

ROUNDS = 3
HERE = Path(__file__).parent

# (figure, comparison, limit): the targets this run is judged against.
TARGETS = [
    ("warm_vs_baseline", "<=", 2.0),
    ("cold_vs_baseline", "<=", 5.0),
    ("rss_growth_mb", "<", 2.0),
    ("threads_8_vs_1", ">=", 0.8),
    ("processes_2_vs_1", ">=", 1.7),
    ("import_vs_dependencies", "<=", 1.3),
]


def per_call_us(function: Any, rounds: list[list[dict[str, Any]]]) -> float:
    """
    Return the best time per call, in microseconds, over *rounds*.
    """
    best = float("inf")
    for situations in rounds:
        start = time.perf_counter()
        for situation in situations:
            function(situation)
        best = min(best, (time.perf_counter() - start) / len(situations))
    return best * 1e6


def speed(calls: int) -> dict[str, float]:
    """
    Time cold and warm advice against the hand-written baseline.
    """
    interview_advisor.advise(workloads.cold(1, seed=99)[0])  # load everything once
    cold = workloads.cold(calls * ROUNDS)
    cold_rounds = [cold[i * calls : (i + 1) * calls] for i in range(ROUNDS)]
    warm = workloads.warm(calls * 4)
    for situation in warm[:calls]:  # fill the cache as a running service has
        interview_advisor.advise(situation)
    warm_rounds = [warm[calls:]] * ROUNDS
    figures = {
        "cold_us": per_call_us(interview_advisor.advise, cold_rounds),
        "warm_us": per_call_us(interview_advisor.advise, warm_rounds),
        "baseline_cold_us": per_call_us(baseline_advise, cold_rounds),
        "baseline_warm_us": per_call_us(baseline_advise, warm_rounds),
    }
    figures["cold_vs_baseline"] = figures["cold_us"] / figures["baseline_cold_us"]
    figures["warm_vs_baseline"] = figures["warm_us"] / figures["baseline_warm_us"]
    return figures


def _in_fresh_python(code: str) -> float:
    """
    Run *code* in a new interpreter and return the number it prints.
    """
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=HERE,
    )
    return float(result.stdout.strip().splitlines()[-1])


def start_up() -> dict[str, float]:
    """
    Time importing the package, its dependencies alone, and the first call.
    """
    timed = "import time; t = time.perf_counter(); {}; print(time.perf_counter() - t)"
    dependencies = "import durable.engine, jinja2, attrs"
    first_call = (
        "import interview_advisor, time; t = time.perf_counter(); "
        "interview_advisor.advise({'stage': 'applied', 'days_since_interview': 1}); "
        "print(time.perf_counter() - t)"
    )
    repeats = 7
    ours = statistics.median(
        _in_fresh_python(timed.format("import interview_advisor"))
        for _ in range(repeats)
    )
    theirs = statistics.median(
        _in_fresh_python(timed.format(dependencies)) for _ in range(repeats)
    )
    first = statistics.median(_in_fresh_python(first_call) for _ in range(repeats))
    return {
        "import_ms": ours * 1e3,
        "import_dependencies_ms": theirs * 1e3,
        "import_vs_dependencies": ours / theirs,
        "first_advise_ms": first * 1e3,
    }


_RSS_CODE = """
import os, interview_advisor, workloads
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
# Fill the conclusion cache first: a full cache is the steady state.
for s in workloads.cold(5000, seed=7):
    interview_advisor.advise(s)
before = rss()
for s in workloads.endless({calls}):
    interview_advisor.advise(s)
print((rss() - before) / 1e6)
"""


def memory(calls: int) -> dict[str, float]:
    """
    Measure resident memory growth over *calls* calls, half of them new.
    """
    return {
        "rss_calls": calls,
        "rss_growth_mb": _in_fresh_python(_RSS_CODE.format(calls=calls)),
    }


def _throughput_threads(threads: int, situations: list[dict[str, Any]]) -> float:
    chunks = [situations[i::threads] for i in range(threads)]
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
        worker.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise RuntimeError(f"{len(errors)} threads failed: {errors[0]!r}")
    return len(situations) / elapsed


def threads(calls: int) -> dict[str, float]:
    """
    Measure calls per second with 1, 2 and 8 threads on the warm mix.

    The thread counts take turns, round after round, so that a slow spell
    on the machine does not fall on one count alone; each keeps its best.
    """
    situations = workloads.warm(calls, seed=11)
    for situation in situations:  # the same cache state for every count
        interview_advisor.advise(situation)
    best = dict.fromkeys((1, 2, 8), 0.0)
    for _ in range(ROUNDS + 2):
        for count in best:
            best[count] = max(best[count], _throughput_threads(count, situations))
    figures = {f"threads_{n}_per_s": rate for n, rate in best.items()}
    figures["threads_8_vs_1"] = best[8] / best[1]
    return figures


def _process_work(
    situations: list[dict[str, Any]], barrier: Any
) -> tuple[float, float, int]:
    for situation in situations[:500]:  # load and warm up before the start
        interview_advisor.advise(situation)
    barrier.wait()
    start = time.monotonic()
    for situation in situations:
        interview_advisor.advise(situation)
    return start, time.monotonic(), len(situations)


def _throughput_processes(workers: int, calls: int) -> float:
    manager = multiprocessing.Manager()
    barrier = manager.Barrier(workers)
    with concurrent.futures.ProcessPoolExecutor(workers) as pool:
        # The same stream for every worker: each has its own cache, and
        # equal work keeps the slowest from deciding the figure.
        stream = workloads.warm(calls, seed=20)
        futures = [pool.submit(_process_work, stream, barrier) for _ in range(workers)]
        results = [future.result() for future in futures]
    manager.shutdown()
    start = min(r[0] for r in results)
    end = max(r[1] for r in results)
    return sum(r[2] for r in results) / (end - start)


def processes(calls: int) -> dict[str, float]:
    """
    Measure calls per second with 1 and 2 worker processes on the warm mix.

    As with threads, the two counts take turns over several rounds and each
    keeps its best.
    """
    best = dict.fromkeys((1, 2), 0.0)
    for _ in range(ROUNDS + 2):
        for count in best:
            best[count] = max(best[count], _throughput_processes(count, calls))
    return {
        "processes_1_per_s": best[1],
        "processes_2_per_s": best[2],
        "processes_2_vs_1": best[2] / best[1],
    }


def judge(figures: dict[str, float]) -> list[tuple[str, str, float, float, bool]]:
    """
    Return each target with the figure measured and whether it is met.
    """
    checks = {"<=": float.__le__, "<": float.__lt__, ">=": float.__ge__}
    return [
        (name, op, limit, figures[name], checks[op](float(figures[name]), limit))
        for name, op, limit in TARGETS
    ]


def main() -> int:
    """
    Run every benchmark and print the figures; exit 1 if a target is missed.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--quick", action="store_true", help="fewer calls, for a smoke run"
    )
    options = parser.parse_args()
    scale = 10 if options.quick else 1
    figures: dict[str, Any] = {
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "interview_advisor": interview_advisor.__version__,
    }
    figures |= speed(5000 // scale)
    figures |= start_up()
    figures |= memory(200_000 // scale)
    figures |= threads(20_000 // scale)
    figures |= processes(20_000 // scale)
    verdicts = judge(figures)
    figures["targets_met"] = all(met for *_, met in verdicts)
    if options.json:
        print(json.dumps(figures, indent=2))
    else:
        for name, value in figures.items():
            shown = f"{value:.2f}" if isinstance(value, float) else str(value)
            print(f"{name:28} {shown:>12}")
        print()
        for name, op, limit, value, met in verdicts:
            verdict = "met   " if met else "MISSED"
            print(f"{verdict} {name} = {value:.2f} (target {op} {limit})")
    return 0 if figures["targets_met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())

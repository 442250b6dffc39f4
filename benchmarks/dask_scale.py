"""
The Dask recipe of docs/batch.md on 2 workers, against one process.

The recipe is run exactly as documented (its code is read from the docs),
cluster start included, its workers writing one result file per part. One
process doing the same parts with the recipe's own ``advise_part`` is the
comparison. A pure-CPU control, the same number of parts of arithmetic
sized to take half as long in one process as the recipe's advising (long
enough that starting the cluster weighs little), is timed the same two
ways, cluster start included: it shows how far this machine can scale at
all right now, since other work on it takes cores away.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import workloads
from rounds import HERE, TIMEOUT, Figure, interleave, ratio

DOCS = HERE.parent / "docs" / "batch.md"
WORKERS = 2
PARTS = WORKERS * 4


def recipe_code() -> str:
    """
    Return the recipe's code, as the documentation shows it.
    """
    text = DOCS.read_text(encoding="utf-8")
    found = re.search(r"<!-- dask-recipe -->\n```python\n(.*?)```", text, re.DOTALL)
    if found is None:
        raise RuntimeError(f"no Dask recipe in {DOCS}")
    return found.group(1)


def spin(steps: int) -> int:
    """
    Do *steps* steps of arithmetic: the pure-CPU control's work.
    """
    total = 0
    for step in range(steps):
        total += step * step % 7
    return total


def control_steps(lines: int) -> int:
    """
    Return the control's steps per part: half the work of advising *lines*.
    """
    from interview_advisor import advise_json_lines  # noqa: PLC0415

    sample = [
        (number, json.dumps(situation).encode())
        for number, situation in enumerate(workloads.named(300, seed=7100), 1)
    ]
    advise_json_lines(sample[:20])  # loaded, as a worker is after its first line
    start = time.process_time()
    advise_json_lines(sample)
    per_line = (time.process_time() - start) / len(sample)
    start = time.process_time()
    spin(1_000_000)
    per_step = (time.process_time() - start) / 1_000_000
    return int(per_line * lines / 2 / per_step / PARTS)


_ONE_PROCESS = """
import sys, time
namespace = {}
exec(compile(open(sys.argv[1]).read(), "recipe", "exec"), namespace)
path, folder = sys.argv[2], sys.argv[3]
start = time.perf_counter()
with open(path, "rb") as lines:
    total = sum(1 for _ in lines)
size = max(1, -(-total // int(sys.argv[4])))
for index, (at, first, count) in enumerate(namespace["parts_of"](path, size)):
    namespace["advise_part"](path, at, first, count, f"{folder}/part-{index:05}.jsonl")
print(time.perf_counter() - start)
"""
_SPIN_ONE_PROCESS = """
import sys, time
sys.path.insert(0, sys.argv[1])
from dask_scale import spin
start = time.perf_counter()
for _ in range(int(sys.argv[2])):
    spin(int(sys.argv[3]))
print(time.perf_counter() - start)
"""


def _python(*args: str) -> float:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=TIMEOUT,
    )
    return float(result.stdout.strip().splitlines()[-1])


def _spin_on_cluster(parts: int, steps: int) -> float:
    """
    Return the seconds 2 workers take for the control, cluster start included.
    """
    import dask  # noqa: PLC0415  # only this benchmark needs Dask
    from distributed import Client, LocalCluster  # noqa: PLC0415

    start = time.perf_counter()
    with (
        LocalCluster(
            n_workers=WORKERS,
            processes=True,
            threads_per_worker=1,
            dashboard_address=":0",
        ) as cluster,
        Client(cluster),
    ):
        dask.compute(*[dask.delayed(spin)(steps) for _ in range(parts)])
    return time.perf_counter() - start


def scaling(lines: int, rounds: int = 1) -> dict[str, Any]:
    """
    Time the recipe and the control, each on 2 workers and in one process.
    """
    code = recipe_code()
    namespace: dict[str, Any] = {}
    exec(compile(code, str(DOCS), "exec"), namespace)  # noqa: S102  # our own docs
    steps = control_steps(lines)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "recipe.py").write_text(code, encoding="utf-8")
        path = work / "situations.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for situation in workloads.named(lines, seed=7000):
                out.write(json.dumps(situation) + "\n")

        def cluster(number: int) -> float:
            start = time.perf_counter()
            written = namespace["advise_file"](str(path), f"{folder}/dask{number}")
            elapsed = time.perf_counter() - start
            if written != lines:
                raise RuntimeError(f"the recipe wrote {written} of {lines} results")
            return elapsed

        def one_process(number: int) -> float:
            out = work / f"one{number}"
            out.mkdir()
            recipe = str(work / "recipe.py")
            return _python(_ONE_PROCESS, recipe, str(path), str(out), str(PARTS))

        measured = interleave(
            {
                "dask_1_s": one_process,
                "dask_2_s": cluster,
                "dask_control_1_s": lambda _: _python(
                    _SPIN_ONE_PROCESS, str(HERE), str(PARTS), str(steps)
                ),
                "dask_control_2_s": lambda _: _spin_on_cluster(PARTS, steps),
            },
            rounds,
        )
    figures: dict[str, Any] = {n: Figure(v, " s") for n, v in measured.items()}
    figures["dask_lines"] = lines
    figures["dask_2_vs_1"] = ratio(measured, "dask_1_s", "dask_2_s")
    figures["dask_control_2_vs_1"] = ratio(
        measured, "dask_control_1_s", "dask_control_2_s"
    )
    return figures

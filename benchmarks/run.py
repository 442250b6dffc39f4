"""
Benchmarks of interview_advisor against its targets, from one run.

Run from the test set-up of the README, with the package installed:

    .venv/bin/python benchmarks/run.py            # every figure and target
    .venv/bin/python benchmarks/run.py --quick    # a smoke run, under 30 s

Every ratio is taken within one round of interleaved contenders, the order
rotating from round to round, and printed as the median over the rounds
with the lowest and highest (see rounds.py). The library is compared with
a faithful hand-written equivalent (baseline.py), which tests/test_baseline.py
keeps giving the same advice. The exit status is 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import big_pack
import dask_scale
import parallel
import workloads
from baseline import Faithful
from rounds import HERE, TIMEOUT, Figure, in_fresh_python, interleave, ratio
from rounds import per_call_us as timed

import interview_advisor
from interview_advisor._advisor import default_advisor
from interview_advisor._cli import main as cli_main

#: (figure, comparison, limit, what it means): the targets of a run.
TARGETS = [
    ("cold_vs_faithful", "<=", 2.0, "a new position, against the same by hand"),
    ("warm_vs_faithful", "<=", 1.0, "a repeated position, against recomputing"),
    ("dated_vs_undated", "<=", 1.3, "a dated new position, against an undated"),
    ("first_advise_ms", "<=", 60.0, "the first advise() of a process"),
    ("cli_one_shot_ms", "<=", 400.0, "one advice from the command line, whole"),
    ("big_first_s", "<=", 0.5, "1,000 extra rules: load plus first call"),
    ("big_cold_vs_packaged", "<=", 1.5, "1,000 extra rules: a new position"),
    ("big_mb_per_advisor", "<=", 10.0, "1,000 extra rules: memory per Advisor"),
    ("jsonl_vs_advise_many", ">=", 0.8, "--jsonl lines/s against advise_many"),
    ("threads_8_vs_1", ">=", 0.8, "8 threads sharing one advisor, cache misses"),
    ("processes_2_vs_1", ">=", 1.7, "2 worker processes against 1"),
    ("dask_2_vs_1", ">=", 1.6, "Dask recipe, 2 workers against 1 process"),
    ("import_vs_dependencies", "<=", 1.3, "import, against its dependencies"),
    ("rss_growth_mb", "<", 2.0, "memory growth over a long run"),
]
#: Targets judged only when the machine can show them: the control's figure
#: and the least it must reach. Scaling over two cores needs two free cores.
CONTROLS = {"dask_2_vs_1": ("dask_control_2_vs_1", 1.8)}


def speed(calls: int, rounds: int) -> dict[str, Any]:
    """
    Time cold, warm and dated advice against the faithful equivalent.
    """
    faithful = Faithful()
    advise = interview_advisor.advise
    # Load everything once, as a running service has: the advisor compiles
    # the ruleset of each part of the pack on its first use.
    for situation in workloads.named(500, seed=99):
        advise(situation)
        faithful.advise(situation)
    # A new list of new positions each round: both sides get the same one.
    fresh = [workloads.named(calls, seed=1000 + n) for n in range(rounds)]
    dated = [
        workloads.dated(workloads.named(calls, seed=2000 + n)) for n in range(rounds)
    ]
    undated = [workloads.named(calls, seed=2000 + n) for n in range(rounds)]
    # An advisor of its own: the new positions of the other contenders
    # would otherwise push the repeated ones out of its cache.
    warm_advise = interview_advisor.Advisor().advise
    warm = workloads.warm(calls, seed=5)
    for situation in warm:  # the cache filled as a running service has it
        warm_advise(situation)
    cold = interleave(
        {
            "cold_us": lambda n: timed(advise, fresh[n]),
            "faithful_cold_us": lambda n: timed(faithful.advise, fresh[n]),
            "warm_us": lambda _: timed(warm_advise, warm),
            "faithful_warm_us": lambda _: timed(faithful.advise, warm),
            "dated_us": lambda n: timed(advise, dated[n]),
            "undated_us": lambda n: timed(advise, undated[n]),
        },
        rounds,
    )
    figures: dict[str, Any] = {name: Figure(v, " us") for name, v in cold.items()}
    figures["cold_vs_faithful"] = ratio(cold, "cold_us", "faithful_cold_us")
    figures["warm_vs_faithful"] = ratio(cold, "warm_us", "faithful_warm_us")
    figures["dated_vs_undated"] = ratio(cold, "dated_us", "undated_us")
    return figures


# The call alone: importing the package has a target of its own.
_FIRST_CALL = """
import time
import interview_advisor
start, cpu = time.perf_counter(), time.process_time()
interview_advisor.advise({"stage": "applied", "days_since_interview": 1})
print(time.process_time() - cpu)
print(time.perf_counter() - start)
"""
_IMPORT = (
    "import time; t = time.perf_counter(); import {}; print(time.perf_counter() - t)"
)
_PACKAGE = "interview_advisor"
_DEPENDENCIES = "durable_rules_engine, jinja2, attrs"
_CLI = [
    sys.executable,
    "-m",
    "interview_advisor",
    "--stage",
    "second_interview",
    "--days-since-interview",
    "9",
    "--stated-timeframe-days",
    "7",
    "--thank-you-sent",
]


def start_up(rounds: int) -> dict[str, Any]:
    """
    Time the import, the first call of a process and a CLI one-shot.

    The first call's processor time is shown beside its wall time: on a
    busy machine the process also waits for a core and for the disk.
    """
    cpu: list[float] = []

    def first_call(_: int) -> float:
        numbers = in_fresh_python(_FIRST_CALL)
        cpu.append(numbers[0] * 1e3)
        return numbers[1] * 1e3

    measured = interleave(
        {
            "import_ms": lambda _: in_fresh_python(_IMPORT.format(_PACKAGE))[0] * 1e3,
            "import_dependencies_ms": lambda _: (
                in_fresh_python(_IMPORT.format(_DEPENDENCIES))[0] * 1e3
            ),
            "first_advise_ms": first_call,
            "cli_one_shot_ms": lambda _: _wall_ms(_CLI),
        },
        rounds,
    )
    figures: dict[str, Any] = {name: Figure(v, " ms") for name, v in measured.items()}
    figures["first_advise_cpu_ms"] = Figure(cpu, " ms")
    figures["import_vs_dependencies"] = ratio(
        measured, "import_ms", "import_dependencies_ms"
    )
    return figures


def _wall_ms(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True, timeout=TIMEOUT)  # noqa: S603
    return (time.perf_counter() - start) * 1e3


def big(calls: int, rounds: int, advisors: int) -> dict[str, Any]:
    """
    Time a pack with 1,000 extra rules against the packaged pack.

    Loading and memory are measured in fresh processes, *advisors* advisors
    each; the speed of a new position in this one, in interleaved rounds.
    """
    with tempfile.TemporaryDirectory() as folder:
        pack = big_pack.write_pack(Path(folder))
        once = [
            json.loads(in_fresh_json(pack, advisors))
            for _ in range(max(1, rounds // 2))
        ]
        advisor = interview_advisor.Advisor(rules=[pack])
    packaged = default_advisor()
    for situation in workloads.named(500, seed=98):
        advisor.advise(situation)
        packaged.advise(situation)
    fresh = [workloads.named(calls, seed=3000 + n) for n in range(rounds)]
    measured = interleave(
        {
            "big_cold_us": lambda n: timed(advisor.advise, fresh[n]),
            "packaged_cold_us": lambda n: timed(packaged.advise, fresh[n]),
        },
        rounds,
    )
    advisor.close()
    figures: dict[str, Any] = {
        "big_first_s": Figure((o["first_s"] for o in once), " s"),
        "big_mb_per_advisor": Figure((o["mb_per_advisor"] for o in once), " MB"),
        "big_cold_us": Figure(measured["big_cold_us"], " us"),
    }
    figures["big_cold_vs_packaged"] = ratio(measured, "big_cold_us", "packaged_cold_us")
    return figures


def in_fresh_json(pack: Path, advisors: int) -> str:
    """
    Run big_pack.py on *pack* in a new interpreter; return what it prints.
    """
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(HERE / "big_pack.py"), str(pack), str(advisors)],
        capture_output=True,
        text=True,
        check=True,
        timeout=TIMEOUT,
    )
    return result.stdout.strip().splitlines()[-1]


def jsonl(lines: int, rounds: int) -> dict[str, Any]:
    """
    Time ``--jsonl`` against ``advise_many`` on the same lines, both cold.
    """
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "situations.jsonl"
        situations = workloads.named(lines, seed=4000)
        text = "".join(json.dumps(s) + "\n" for s in situations)
        path.write_text(text, encoding="utf-8")
        cache = default_advisor()._conclusions  # noqa: SLF001  # cold every time

        def command_line(_: int) -> float:
            cache.cache_clear()
            start = time.process_time()
            with (
                Path(os.devnull).open("w") as sink,
                contextlib.redirect_stdout(sink),
                contextlib.redirect_stderr(sink),
            ):
                cli_main(["--jsonl", str(path)])
            return lines / (time.process_time() - start)

        def in_python(_: int) -> float:
            cache.cache_clear()
            start = time.process_time()
            with path.open("rb") as stream:
                for _result in interview_advisor.advise_many(
                    json.loads(line) for line in stream
                ):
                    pass
            return lines / (time.process_time() - start)

        measured = interleave(
            {"jsonl_per_s": command_line, "advise_many_per_s": in_python}, rounds
        )
    figures: dict[str, Any] = {n: Figure(v, "/s") for n, v in measured.items()}
    figures["jsonl_vs_advise_many"] = ratio(
        measured, "jsonl_per_s", "advise_many_per_s"
    )
    return figures


_RSS_CODE = """
import os, interview_advisor, workloads
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
# Fill the conclusion cache first: a full cache is the steady state.
for s in workloads.cold(2500, seed=7):
    interview_advisor.advise(s)
before = rss()
for s in workloads.endless({calls}):
    interview_advisor.advise(s)
print((rss() - before) / 1e6)
"""


def memory(calls: int) -> dict[str, Any]:
    """
    Measure resident memory growth over *calls* calls, half of them new.
    """
    (growth,) = in_fresh_python(_RSS_CODE.format(calls=calls))
    return {"rss_calls": calls, "rss_growth_mb": Figure([growth], " MB")}


def judge(figures: dict[str, Any]) -> list[tuple[str, str, float, float, str]]:
    """
    Return each target with the figure measured and PASS, MISS or UNJUDGED.
    """
    checks = {"<=": float.__le__, "<": float.__lt__, ">=": float.__ge__}
    verdicts = []
    for name, op, limit, _ in TARGETS:
        value = figures[name].median
        verdict = "PASS" if checks[op](float(value), limit) else "MISS"
        control = CONTROLS.get(name)
        if control and figures[control[0]].median < control[1]:
            verdict = "UNJUDGED"  # the machine cannot show this one now
        verdicts.append((name, op, limit, value, verdict))
    return verdicts


def measure(quick: bool) -> dict[str, Any]:  # noqa: FBT001
    """
    Run every benchmark; fewer rounds and calls when *quick*.
    """
    rounds, scale = (3, 10) if quick else (7, 1)
    figures: dict[str, Any] = {}
    figures |= speed(2000 // scale, rounds)
    figures |= jsonl(4000 // scale, rounds)
    figures |= parallel.threads(4000 // scale, rounds)
    figures |= parallel.processes(10_000 // scale, 2 if quick else 5)
    figures |= start_up(2 if quick else rounds)
    figures |= big(1000 // scale, rounds, advisors=1 if quick else 3)
    figures |= memory(4000 if quick else 200_000)
    figures |= dask_scale.scaling(2000 if quick else 200_000, 1 if quick else 2)
    return figures


def main() -> int:
    """
    Run every benchmark, print the figures and targets; 1 if one is missed.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--quick", action="store_true", help="fewer rounds and calls: a smoke run"
    )
    options = parser.parse_args()
    started = time.perf_counter()
    figures = measure(options.quick)
    verdicts = judge(figures)
    about = {
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "interview_advisor": interview_advisor.__version__,
        "seconds": round(time.perf_counter() - started, 1),
    }
    if options.json:
        shown = {
            k: v.to_json() if isinstance(v, Figure) else v for k, v in figures.items()
        }
        verdict_json = [
            dict(zip(("target", "op", "limit", "median", "verdict"), v, strict=True))
            for v in verdicts
        ]
        print(json.dumps(about | shown | {"targets": verdict_json}, indent=2))
    else:
        for name, value in (about | figures).items():
            print(f"{name:28} {value}")
        print()
        meaning = {name: what for name, *_, what in TARGETS}
        for name, op, limit, _, verdict in verdicts:
            print(
                f"{verdict:8} {name:24} {figures[name]!s:28} target {op} {limit:<6}"
                f" {meaning[name]}"
            )
            if verdict == "UNJUDGED":
                control, least = CONTROLS[name]
                print(f"{'':9}{control} = {figures[control]}, below {least}")
    return 1 if any(v == "MISS" for *_, v in verdicts) else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""
A big custom rule pack: the packaged rules and 1,000 more, mostly not firing.

Run as a script, it times making an advisor with the pack plus its first
call, and the memory each such advisor holds, in this fresh process:

    python benchmarks/big_pack.py FOLDER [ADVISORS]
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from typing import TYPE_CHECKING

import workloads

if TYPE_CHECKING:
    from pathlib import Path

#: How many rules the big pack adds to the packaged ones.
EXTRA_RULES = 1000

_RULE = """
[[rule]]
id = "extra.rule_{n}"
priority = {priority}
reason = "It has been {{{{ days_since_interview|days }}}}; rule {n} applies."

[rule.when]
stage = "{stage}"
employer_response = "{response}"
days_since_interview = {days}

[[rule.action]]
kind = "{kind}"
title = "Step {n}: keep other applications going"
why = "Rule {n} says so after {{{{ days_since_interview|days }}}}."
"""
_KINDS = ("continue_search", "reflect_and_learn", "wait")
_RESPONSES = ("none", "on_hold", "none", "references_requested")
_STAGES = (
    "applied",
    "phone_screen",
    "first_interview",
    "second_interview",
    "further_interview",
    "final_interview",
)


def write_pack(folder: Path, rules: int = EXTRA_RULES) -> Path:
    """
    Write *rules* extra rules into *folder*, a file per hundred; return it.

    Each rule looks at a day of its own for one stage, so most situations
    fire none of them and a few fire one: a pack grown by many narrow rules
    (such as one per role and office), within the engine's limits.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for first in range(0, rules, 100):
        texts = [
            _RULE.format(
                n=n,
                priority=60 + n % 20,
                stage=_STAGES[n % len(_STAGES)],
                response=_RESPONSES[n % len(_RESPONSES)],
                days=n // len(_STAGES) * 3 % 730,
                kind=_KINDS[n % len(_KINDS)],
            )
            for n in range(first, min(first + 100, rules))
        ]
        (folder / f"extra_{first:04}.toml").write_text(
            "\n".join(texts), encoding="utf-8"
        )
    return folder


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:  # noqa: PTH123
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def main(folder: str, count: int) -> None:
    """
    Print the load-plus-first-call seconds and the megabytes per advisor.

    The memory is measured once each advisor has advised on situations of
    every stage, answer and day count, so that it holds every ruleset and a
    full cache, as in a long-running service.
    """
    import interview_advisor  # noqa: PLC0415  # timed below, from a cold start

    situation = {"stage": "applied", "days_since_interview": 1}
    start = time.perf_counter()
    first = interview_advisor.Advisor(rules=[folder])
    first.advise(situation)
    loaded = time.perf_counter() - start
    # Every part of the pack in use, as in a long-running service.
    spread = [*workloads.named(400, seed=8), *workloads.dated(workloads.named(400))]
    for situation in spread:
        first.advise(situation)
    gc.collect()
    before = _rss_mb()
    advisors = [interview_advisor.Advisor(rules=[folder]) for _ in range(count)]
    for advisor in advisors:
        for situation in spread:
            advisor.advise(situation)
    gc.collect()
    per_advisor = (_rss_mb() - before) / count
    print(json.dumps({"first_s": loaded, "mb_per_advisor": per_advisor}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3)

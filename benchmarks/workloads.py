"""
The situations the benchmarks feed to the advisor and to the baseline.
"""

from __future__ import annotations

import itertools
import random
from typing import TYPE_CHECKING, Any

from interview_advisor import EmployerResponse, Stage

if TYPE_CHECKING:
    from collections.abc import Iterator

STAGES = [stage.value for stage in Stage]
RESPONSES = [response.value for response in EmployerResponse]


def _situation(rng: random.Random) -> dict[str, Any]:
    """
    Draw one valid situation from the whole space of signals.
    """
    days = rng.randrange(0, 120)
    response = rng.choice(RESPONSES)
    follow_ups = rng.choice([0, 0, 0, 1, 2])
    situation: dict[str, Any] = {
        "stage": rng.choice(STAGES),
        "days_since_interview": days,
        "stated_timeframe_days": rng.choice([None, rng.randrange(0, 30)]),
        "employer_response": response,
        "thank_you_sent": rng.random() < 0.6,
        "follow_ups_sent": follow_ups,
        "technical_role": rng.random() < 0.4,
        "seniority": rng.choice(["entry", "mid", "senior", "executive"]),
    }
    if follow_ups:
        situation["days_since_last_follow_up"] = rng.randrange(0, days + 1)
    if response == "next_round_scheduled" and rng.random() < 0.5:
        situation["next_interview_in_days"] = rng.randrange(0, 15)
    return situation


def _key(situation: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(sorted(situation.items()))


def cold(count: int, seed: int = 1) -> list[dict[str, Any]]:
    """
    Return *count* situations, each a combination of signals not seen before.
    """
    rng = random.Random(seed)
    seen: set[tuple[Any, ...]] = set()
    situations = []
    while len(situations) < count:
        situation = _situation(rng)
        if _key(situation) not in seen:
            seen.add(_key(situation))
            situations.append(situation)
    return situations


def warm(count: int, distinct: int = 300, seed: int = 2) -> list[dict[str, Any]]:
    """
    Return a chatbot-like stream of *count* situations.

    *distinct* positions recur, a few often and most rarely, while every
    message names another person and company.
    """
    rng = random.Random(seed)
    positions = cold(distinct, seed=seed)
    weights = [1 / (rank + 1) for rank in range(distinct)]
    names = itertools.count()
    return [
        {
            **rng.choices(positions, weights)[0],
            "candidate_name": f"Candidate {next(names)}",
            "company": f"Company {rng.randrange(10_000)}",
            "job_title": rng.choice(["Analyst", "Engineer", "Designer", "Manager"]),
            "recruiter_name": rng.choice([None, "Sam", "Alex"]),
            "interviewer_names": rng.choice([[], ["Ana"], ["Ana", "Bo"]]),
        }
        for _ in range(count)
    ]


def endless(count: int, seed: int = 3) -> Iterator[dict[str, Any]]:
    """
    Yield *count* situations without keeping them.

    Half are drawn afresh from the whole space of signals, half from a
    recurring set, each with a new name.
    """
    rng = random.Random(seed)
    recurring = cold(300, seed=seed)
    for index in range(count):
        position = _situation(rng) if index % 2 else rng.choice(recurring)
        yield {**position, "candidate_name": f"Candidate {index}"}
